/**
 * What a feed card shows about its place in the order (docs/RANKING.md, "What a card
 * shows"): the figure the feed is sorted by, as the card prints it, and a sentence saying
 * where it comes from. Pure: the pages pass the numbers in.
 */

import {
  SITE_AGE_FOR_FULL_WEIGHT_DAYS,
  YOUNG_GITHUB_ACCOUNT_DAYS,
  YOUNG_GITHUB_ACCOUNT_FACTOR,
} from "@/lib/ranking/ranking";

export interface CardOrder {
  /** The sorting figure as shown; the feed's order is this figure, descending. */
  figure: string;
  /** The same figure as a number, rounded as shown (a test sorts cards by it). */
  value: number;
  /** Why the card has this figure, in one or two sentences. */
  why: string;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Scores with one decimal from 10 up, two below: enough to tell neighbours apart. */
export function roundScore(score: number): number {
  return score >= 10 ? Math.round(score * 10) / 10 : Math.round(score * 100) / 100;
}

const weighing = `A vote counts 1 once its voter has been here ${SITE_AGE_FOR_FULL_WEIGHT_DAYS} days (less before), ${
  YOUNG_GITHUB_ACCOUNT_FACTOR === 0.25 ? "¼" : YOUNG_GITHUB_ACCOUNT_FACTOR
} from GitHub accounts under ${YOUNG_GITHUB_ACCOUNT_DAYS} days old, 0 from the submitter`;

/** The live trending feed: the score, from the votes of the window and their weights. */
export function trendingOrder(
  trending: { score: number; votes24h: number; windowVotes: number; windowWeight: number },
  params: { halfLifeHours: number; windowDays: number },
): CardOrder {
  const value = roundScore(trending.score);
  const weight = Math.round(trending.windowWeight * 10) / 10;
  return {
    figure: `score ${value}`,
    value,
    why:
      `${plural(trending.votes24h, "vote")} in 24 h, ${plural(trending.windowVotes, "vote")} in ${params.windowDays} days, counted as ${weight}. ` +
      `${weighing}; each vote's count halves every ${params.halfLifeHours} h of its age. Their sum is the score.`,
  };
}

/** A dated trending snapshot: the score the paper had at the snapshot's instant. */
export function snapshotOrder(
  trending: { score: number; votes24h: number },
  params: { halfLifeHours: number },
): CardOrder {
  const value = roundScore(trending.score);
  return {
    figure: `score ${value}`,
    value,
    why:
      `The score at 00:00 UTC at the end of the day, with ${plural(trending.votes24h, "vote")} in the 24 h before. ` +
      `${weighing}; each vote's count halves every ${params.halfLifeHours} h of its age.`,
  };
}

/** Daily papers: the papers added on the day, by all their upvotes. */
export function dailyOrder(upvotes: number): CardOrder {
  return {
    figure: plural(upvotes, "vote"),
    value: upvotes,
    why: "Papers added on this day, ranked by all their upvotes, each vote counting 1; ties go to the paper added last.",
  };
}

/** Weekly and monthly tops: votes cast within the period. */
export function periodOrder(periodVotes: number, period: "week" | "month"): CardOrder {
  return {
    figure: `${plural(periodVotes, "vote")} this ${period}`,
    value: periodVotes,
    why: `Ranked by the votes cast during this ${period}, each counting 1; ties go to the paper with more upvotes in all.`,
  };
}
