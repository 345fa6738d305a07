import type { TrendingParams } from "@/lib/ranking/ranking";

/**
 * The trending ranking (docs/RANKING.md) written in plain TypeScript, vote by vote: a reference
 * for tests only. The app computes the ranking in SQL (`computeTrending` in lib/ranking/trending.ts);
 * lib/ranking/trending.test.ts holds the two equal on random votes, and ranking-reference.test.ts
 * states the formula's properties on this readable form. No product code imports it.
 */

/** The defaults of TRENDING_HALF_LIFE_HOURS, TRENDING_WINDOW_DAYS and TRENDING_MIN_VOTES (lib/env.ts). */
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
