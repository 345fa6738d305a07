import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { voteWeight } from "@/lib/ranking/ranking";
import { bucketVotes, DEFAULT_TRENDING_PARAMS as params, rankTrending, trendingMetrics } from "./ranking-reference";

// The formula's properties (docs/RANKING.md), stated on its readable TypeScript form;
// lib/ranking/trending.test.ts holds the app's SQL equal to it.

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const now = new Date("2026-11-27T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const votesAt = (count: number, at: Date, weight = 1) => Array.from({ length: count }, () => ({ at, weight }));
const score = (votes: { at: Date; weight: number }[]) => trendingMetrics(bucketVotes(votes), now, params).score;

describe("the reference's parameters", () => {
  it("are the app's defaults", () => {
    const env = parseEnv({});
    expect(params).toEqual({
      halfLifeHours: env.TRENDING_HALF_LIFE_HOURS,
      windowDays: env.TRENDING_WINDOW_DAYS,
      minWeightedVotes: env.TRENDING_MIN_VOTES,
    });
  });
});

describe("trending score", () => {
  it("halves a vote's contribution every half-life", () => {
    const fresh = score(votesAt(1, ago(HOUR / 2)));
    const dayOld = score(votesAt(1, ago(DAY + HOUR / 2)));
    const twoDaysOld = score(votesAt(1, ago(2 * DAY + HOUR / 2)));
    expect(fresh).toBeCloseTo(0.5 ** (0.5 / 24), 6);
    expect(dayOld / fresh).toBeCloseTo(0.5, 6);
    expect(twoDaysOld / fresh).toBeCloseTo(0.25, 6);
  });

  it("ignores votes outside the window and votes not yet cast", () => {
    expect(score(votesAt(50, ago(7 * DAY + 2 * HOUR)))).toBe(0);
    expect(score(votesAt(50, new Date(now.getTime() + HOUR)))).toBe(0);
    expect(score(votesAt(1, ago(6 * DAY)))).toBeGreaterThan(0);
  });

  it("200 votes yesterday beat 2 votes an hour ago", () => {
    expect(score(votesAt(200, ago(DAY)))).toBeGreaterThan(score(votesAt(2, ago(HOUR))));
  });

  it("lets a paper rediscovered weeks later trend again, since votes decay by their own age", () => {
    const rediscovered = [...votesAt(100, ago(40 * DAY)), ...votesAt(10, ago(2 * HOUR))];
    const steady = votesAt(10, ago(3 * DAY));
    const ranked = rankTrending(
      [
        { paperId: 1, buckets: bucketVotes(steady) },
        { paperId: 2, buckets: bucketVotes(rediscovered) },
      ],
      now,
      params,
    );
    expect(ranked.map((paper) => paper.paperId)).toEqual([2, 1]);
  });

  it("a burst of 200 brand-new accounts does not beat 20 established voters", () => {
    const newcomer = { joinedAt: ago(HOUR), githubCreatedAt: ago(2 * DAY), isSubmitter: false };
    const regular = { joinedAt: ago(300 * DAY), githubCreatedAt: ago(2000 * DAY), isSubmitter: false };
    const burst = Array.from({ length: 200 }, () => ({ at: ago(HOUR), weight: voteWeight(newcomer, ago(HOUR)) }));
    const community = Array.from({ length: 20 }, () => ({
      at: ago(6 * HOUR),
      weight: voteWeight(regular, ago(6 * HOUR)),
    }));
    const ranked = rankTrending(
      [
        { paperId: 1, buckets: bucketVotes(burst) },
        { paperId: 2, buckets: bucketVotes(community) },
      ],
      now,
      params,
    );
    expect(ranked[0]?.paperId).toBe(2);
    expect(score(burst)).toBeLessThan(score(community));
  });

  it("lists a paper only with the minimum weighted total in the window", () => {
    const ranked = rankTrending(
      [
        { paperId: 1, buckets: bucketVotes(votesAt(2, ago(HOUR))) },
        { paperId: 2, buckets: bucketVotes(votesAt(3, ago(HOUR))) },
        { paperId: 3, buckets: bucketVotes(votesAt(12, ago(HOUR), 0.25)) },
      ],
      now,
      params,
    );
    expect(ranked.map((paper) => paper.paperId)).toEqual([2, 3]);
  });

  it("counts the votes of the last 24 hours as cast, not weighed", () => {
    const metrics = trendingMetrics(
      bucketVotes([...votesAt(37, ago(3 * HOUR), 0.1), ...votesAt(5, ago(30 * HOUR))]),
      now,
      params,
    );
    expect(metrics.votes24h).toBe(37);
  });

  it("breaks ties the same way every time", () => {
    const same = bucketVotes(votesAt(5, ago(HOUR)));
    const ranked = rankTrending(
      [
        { paperId: 9, buckets: same },
        { paperId: 4, buckets: same },
      ],
      now,
      params,
    );
    expect(ranked.map((paper) => [paper.paperId, paper.rank])).toEqual([
      [4, 1],
      [9, 2],
    ]);
  });
});
