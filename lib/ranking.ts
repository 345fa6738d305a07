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
