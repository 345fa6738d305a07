/**
 * The ranking's pure maths: no database, no clock. docs/RANKING.md explains each constant.
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
  const githubAgeDays = voter.githubCreatedAt
    ? (castAt.getTime() - voter.githubCreatedAt.getTime()) / DAY_MS
    : 0;
  if (githubAgeDays < YOUNG_GITHUB_ACCOUNT_DAYS) weight *= YOUNG_GITHUB_ACCOUNT_FACTOR;
  return Math.round(weight * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------
// Trending: vote velocity with per-vote exponential decay (docs/RANKING.md).

export interface TrendingParams {
  /** A vote's contribution halves every this many hours. */
  halfLifeHours: number;
  /** Votes older than this count for nothing. */
  windowDays: number;
  /** A paper is listed only with at least this total vote weight in the window. */
  minWeightedVotes: number;
}

export const DEFAULT_TRENDING_PARAMS: TrendingParams = { halfLifeHours: 24, windowDays: 7, minWeightedVotes: 3 };

const HOUR_MS = 60 * 60 * 1000;

/** One hour of one paper's votes, as kept in vote_buckets. */
export interface VoteBucketInput {
  /** The start of the hour. */
  hour: Date;
  votes: number;
  weight: number;
}

export interface TrendingMetrics {
  score: number;
  /** Total (undecayed) vote weight in the window: the listing threshold applies to it. */
  windowWeight: number;
  /** Votes cast in the 24 hours before `now`, as counted (not weighed). */
  votes24h: number;
  /** Votes cast in the window, as counted: beside windowWeight, what the cards' "why" says. */
  windowVotes: number;
}

/** The start of the hour containing `date`: the bucket a vote cast then goes into. */
export function hourStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * Every vote decays by its own age: weight × 2^(−age / H). A bucket's votes are aged from the
 * middle of their hour, so the age of any vote is off by at most 30 minutes (a factor of at
 * most 2^(0.5/H), 1.4 % at H = 24 h). Only buckets that started before `now` and within the
 * window count.
 */
export function trendingMetrics(buckets: VoteBucketInput[], now: Date, params: TrendingParams): TrendingMetrics {
  const windowStart = now.getTime() - params.windowDays * 24 * HOUR_MS;
  const dayStart = now.getTime() - 24 * HOUR_MS;
  let score = 0;
  let windowWeight = 0;
  let votes24h = 0;
  let windowVotes = 0;
  for (const bucket of buckets) {
    const start = bucket.hour.getTime();
    if (start >= now.getTime() || start < windowStart) continue;
    const ageHours = Math.max(0, (now.getTime() - (start + HOUR_MS / 2)) / HOUR_MS);
    score += bucket.weight * 0.5 ** (ageHours / params.halfLifeHours);
    windowWeight += bucket.weight;
    windowVotes += bucket.votes;
    if (start >= dayStart) votes24h += bucket.votes;
  }
  return { score, windowWeight, votes24h, windowVotes };
}

export interface RankedPaper<Id> extends TrendingMetrics {
  paperId: Id;
  rank: number;
}

/**
 * Orders papers by score; ties go to the larger window weight, then the smaller id, so that
 * the order is total and the same on every run (snapshots must be reproducible).
 */
export function rankTrending<Id extends number>(
  papers: { paperId: Id; buckets: VoteBucketInput[] }[],
  now: Date,
  params: TrendingParams,
): RankedPaper<Id>[] {
  return papers
    .map((paper) => ({ paperId: paper.paperId, ...trendingMetrics(paper.buckets, now, params) }))
    .filter((paper) => paper.windowWeight >= params.minWeightedVotes && paper.score > 0)
    .sort((a, b) => b.score - a.score || b.windowWeight - a.windowWeight || a.paperId - b.paperId)
    .map((paper, index) => ({ ...paper, rank: index + 1 }));
}

/** Groups single votes into hourly buckets, exactly as the database keeps them. */
export function bucketVotes(votes: { at: Date; weight: number }[]): VoteBucketInput[] {
  const byHour = new Map<number, VoteBucketInput>();
  for (const vote of votes) {
    const hour = hourStart(vote.at);
    const bucket = byHour.get(hour.getTime()) ?? { hour, votes: 0, weight: 0 };
    bucket.votes += 1;
    bucket.weight += vote.weight;
    byHour.set(hour.getTime(), bucket);
  }
  return [...byHour.values()];
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
