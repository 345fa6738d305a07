/**
 * The ranking's pure maths used by the app: vote weights, the trending parameters' shape, the
 * comments' "Best" order. No database, no clock. docs/RANKING.md explains each constant.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A vote's weight reaches 1 when the voter has been on Paperboard this long. */
export const SITE_AGE_FOR_FULL_WEIGHT_DAYS = 14;
/** GitHub accounts younger than this are likely throwaways made for a vote ring. */
export const YOUNG_GITHUB_ACCOUNT_DAYS = 30;
export const YOUNG_GITHUB_ACCOUNT_FACTOR = 0.25;

export interface VoterStanding {
  /** When the voter first signed in to Paperboard. */
  joinedAt: Date;
  /** When their GitHub account was created; null when unknown (treated as young). */
  githubCreatedAt: Date | null;
  /** Whether the voter submitted the paper they vote on. */
  isSubmitter: boolean;
  /** A moderator's override (0 for a vote ring); null when none is set. */
  weightOverride?: number | null;
}

/** The weight fixed on a vote when it is cast, from 0 to 1. */
export function voteWeight(voter: VoterStanding, castAt: Date): number {
  if (voter.isSubmitter) return 0;
  if (voter.weightOverride !== undefined && voter.weightOverride !== null) return voter.weightOverride;
  const siteAgeDays = Math.max(0, (castAt.getTime() - voter.joinedAt.getTime()) / DAY_MS);
  let weight = Math.min(1, siteAgeDays / SITE_AGE_FOR_FULL_WEIGHT_DAYS);
  const githubAgeDays = voter.githubCreatedAt ? (castAt.getTime() - voter.githubCreatedAt.getTime()) / DAY_MS : 0;
  if (githubAgeDays < YOUNG_GITHUB_ACCOUNT_DAYS) weight *= YOUNG_GITHUB_ACCOUNT_FACTOR;
  return Math.round(weight * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------
// Trending: vote velocity with per-vote exponential decay (docs/RANKING.md). The ranking is
// computed in SQL (`computeTrending` in lib/ranking/trending.ts); its TypeScript twin, which the tests
// hold equal to it, is test code: testing/ranking-reference.ts.

export interface TrendingParams {
  /** A vote's contribution halves every this many hours. */
  halfLifeHours: number;
  /** Votes older than this count for nothing. */
  windowDays: number;
  /** A paper is listed only with at least this total vote weight in the window. */
  minWeightedVotes: number;
}

// ---------------------------------------------------------------------------------------
// Comments: "Best" order by the lower bound of the Wilson score interval.

/**
 * Lower bound of the Wilson score interval for `positive` out of `total` (Wilson 1927;
 * Evan Miller, "How Not To Sort By Average Rating", 2009; Lobsters' comment confidence).
 * It asks "what share of readers like this, at worst, given so few votes?", so a comment
 * with 3 of 3 ranks below one with 30 of 31. Comments here have upvotes only (no downvote),
 * so today `negative` is 0 and the bound grows with the upvotes while shrinking small
 * counts; downvotes or flags would plug in as `negative` without changing the order's code.
 */
export function wilsonLowerBound(positive: number, negative: number, z = 1.281551565545): number {
  const total = positive + negative;
  if (total === 0) return 0;
  const p = positive / total;
  const z2 = z * z;
  return (p + z2 / (2 * total) - z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total)) / (1 + z2 / total);
}
