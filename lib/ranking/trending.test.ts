import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { HOUR_MS as HOUR, pastTheHour, voterRows } from "@/testing/voters";
import { papers, trendingSnapshotRuns, trendingSnapshots, users, votes } from "@/db/schema";
import { rebuildVoteBuckets } from "@/db/maintenance";
import { seededRandom } from "../random";
import { bucketVotes, DEFAULT_TRENDING_PARAMS, rankTrending } from "@/testing/ranking-reference";
import { addDays, formatDay } from "./periods";
import {
  catchUpTrendingSnapshots,
  computeTrending,
  getBestTrendingRank,
  getLiveRanking,
  getTrendingPage,
  getTrendingSnapshot,
  invalidateLiveTrending,
  writeTrendingSnapshot,
} from "./trending";
import { getFeed, parseFeedQuery } from "../browse/feeds";
import { setVoteWeightOverride } from "../moderation/moderation";
import { testViewer } from "@/testing/viewers";

const database = withTestDatabase();
const now = pastTheHour();
const USERS = 60;
const PAPERS = 40;

const generated: { userIndex: number; paperIndex: number; at: Date; weight: number }[] = [];

describe("trending over real data", () => {
  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values(voterRows(USERS, now));
    await db.insert(users).values({ id: "mod", githubLogin: "mod", role: "moderator" });
    const inserted = await db
      .insert(papers)
      .values(
        Array.from({ length: PAPERS }, (_, i) => ({
          arxivId: `2401.${String(i + 1).padStart(5, "0")}`,
          title: `Paper ${i}`,
          addedAt: new Date(now.getTime() - (i % 10) * 24 * HOUR - HOUR),
        })),
      )
      .returning({ id: papers.id });
    const random = seededRandom(7);
    for (let p = 0; p < PAPERS; p++) {
      const voters = Math.floor(random() * 30);
      for (let u = 0; u < voters; u++) {
        // Ages from a few minutes to 10 days: some outside the window.
        const at = new Date(now.getTime() - random() * 10 * 24 * HOUR);
        generated.push({ userIndex: (u * 7 + p) % USERS, paperIndex: p, at, weight: Math.round(random() * 100) / 100 });
      }
    }
    const unique = new Map(generated.map((vote) => [`${vote.userIndex}|${vote.paperIndex}`, vote]));
    generated.length = 0;
    generated.push(...unique.values());
    await db.insert(votes).values(
      generated.map((vote) => ({
        userId: `u${vote.userIndex}`,
        paperId: inserted[vote.paperIndex]!.id,
        createdAt: vote.at,
        weight: vote.weight,
      })),
    );
    await db.execute(sql`update papers p set upvotes = (select count(*) from votes v where v.paper_id = p.id)`);
    await rebuildVoteBuckets(db);
    invalidateLiveTrending();
  });

  it("computes the live ranking one computation at a time, and again for changes made meanwhile", async () => {
    invalidateLiveTrending();
    const running = getLiveRanking(now);
    // Changes while it runs: every later reader shares one computation queued behind it.
    invalidateLiveTrending();
    const queued = [getLiveRanking(now), getLiveRanking(now)];
    invalidateLiveTrending();
    queued.push(getLiveRanking(now));
    const [first, ...after] = await Promise.all([running, ...queued]);
    expect(after[1]).toBe(after[0]);
    expect(after[2]).toBe(after[0]);
    expect(after[0]).not.toBe(first);
    // Readers after that share the result until the next change.
    expect(await getLiveRanking(now)).toBe(after[0]);
  });

  it("computes in SQL exactly what the pure formula says", async () => {
    const [first] = await database.db().select({ id: papers.id }).from(papers).orderBy(papers.id).limit(1);
    const byPaper = new Map<number, { at: Date; weight: number }[]>();
    for (const vote of generated) {
      const id = first!.id + vote.paperIndex;
      byPaper.set(id, [...(byPaper.get(id) ?? []), { at: vote.at, weight: vote.weight }]);
    }
    for (const at of [now, new Date(now.getTime() - 3 * 24 * HOUR)]) {
      const expected = rankTrending(
        [...byPaper].map(([paperId, list]) => ({ paperId, buckets: bucketVotes(list) })),
        at,
        DEFAULT_TRENDING_PARAMS,
      );
      const actual = await computeTrending(at, DEFAULT_TRENDING_PARAMS);
      expect(actual.map((row) => row.paperId)).toEqual(expected.map((row) => row.paperId));
      actual.forEach((row, index) => {
        // Bucket weights are stored as float4.
        expect(row.score).toBeCloseTo(expected[index]!.score, 4);
        expect(row.votes24h).toBe(expected[index]!.votes24h);
        expect(row.windowVotes).toBe(expected[index]!.windowVotes);
        expect(row.windowWeight).toBeCloseTo(expected[index]!.windowWeight, 3);
      });
      expect(actual.length).toBeGreaterThan(5);
    }
  });

  it("serves pages of the live feed with votes per hour and the change since yesterday", async () => {
    const page = await getTrendingPage({ limit: 5, offset: 0, now });
    expect(page.items.map((item) => item.trending.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const item of page.items) {
      expect(item.trending.votesPerHour).toBeCloseTo(item.trending.votes24h / 24, 1);
      expect(item.trending.rankChange).toBeNull(); // no snapshot for yesterday yet
    }
  });

  it("writes a day's snapshot idempotently", async () => {
    const day = addDays(formatDay(now), -2);
    const first = await writeTrendingSnapshot(day);
    const rows1 = await database
      .db()
      .select()
      .from(trendingSnapshots)
      .where(eq(trendingSnapshots.date, day))
      .orderBy(trendingSnapshots.rank);
    expect(await writeTrendingSnapshot(day)).toBe(first);
    const rows2 = await database
      .db()
      .select()
      .from(trendingSnapshots)
      .where(eq(trendingSnapshots.date, day))
      .orderBy(trendingSnapshots.rank);
    expect(rows2).toEqual(rows1);
    expect(rows1.length).toBe(first);
    expect(first).toBeGreaterThan(0);
    // The snapshot is the ranking at 00:00 UTC after the day.
    const expected = await computeTrending(new Date(`${addDays(day, 1)}T00:00:00Z`));
    expect(rows1.map((row) => row.paperId)).toEqual(expected.map((row) => row.paperId));
  });

  it("is safe when two servers write the same day at once: one set of rows, no duplicates", async () => {
    const day = addDays(formatDay(now), -3);
    const [a, b] = await Promise.all([writeTrendingSnapshot(day), writeTrendingSnapshot(day)]);
    expect(a).toBe(b);
    const [count] = await database
      .db()
      .execute<{ rows: number; papers: number }>(
        sql`select count(*)::int as rows, count(distinct paper_id)::int as papers from trending_snapshots where date = ${day}`,
      );
    expect(count).toEqual({ rows: a, papers: a });
  });

  it("catches up on every missed day, once, and backfills from the first vote", async () => {
    const written = await catchUpTrendingSnapshots(now);
    const yesterday = addDays(formatDay(now), -1);
    expect(written).toContain(yesterday);
    expect(written).not.toContain(addDays(formatDay(now), -2)); // already written above
    expect(written).not.toContain(formatDay(now)); // today is not finished
    expect(written[0]! <= addDays(formatDay(now), -9)).toBe(true);
    expect(await catchUpTrendingSnapshots(now)).toEqual([]);
    const runs = await database.db().select().from(trendingSnapshotRuns);
    expect(new Set(runs.map((run) => run.date)).size).toBe(runs.length);
  });

  it("navigates snapshots and finds a paper's best rank", async () => {
    const day = addDays(formatDay(now), -3);
    const snapshot = await getTrendingSnapshot(day, { limit: 100, offset: 0 });
    expect(snapshot.computed).toBe(true);
    expect(snapshot.previous).toBe(addDays(day, -1));
    expect(snapshot.next).toBe(addDays(day, 1));
    const top = snapshot.items[0]!;
    const [paper] = await database.db().select({ id: papers.id }).from(papers).where(eq(papers.arxivId, top.arxivId));
    const best = await getBestTrendingRank(paper!.id);
    expect(best?.rank).toBe(1);
    expect((await getTrendingSnapshot("2001-01-01", { limit: 10, offset: 0 })).computed).toBe(false);
  });

  it("answers the other feeds", async () => {
    const daily = await getFeed(
      parseFeedQuery(new URLSearchParams({ feed: "daily", date: formatDay(new Date(now.getTime() - HOUR)) })),
      now,
    );
    for (const item of daily.items) expect(formatDay(item.addedAt)).toBe(formatDay(new Date(now.getTime() - HOUR)));
    const upvotes = daily.items.map((item) => item.upvotes);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));

    const weekly = await getFeed(parseFeedQuery(new URLSearchParams({ feed: "weekly", limit: "100" })), now);
    const periodVotes = weekly.items.map((item) => item.periodVotes!);
    expect(periodVotes).toEqual([...periodVotes].sort((a, b) => b - a));
    expect(periodVotes.every((count) => count > 0)).toBe(true);

    const firstPage = await getFeed(parseFeedQuery(new URLSearchParams({ feed: "new", limit: "15" })), now);
    expect(firstPage.items).toHaveLength(15);
    const secondPage = await getFeed(
      parseFeedQuery(new URLSearchParams({ feed: "new", limit: "15", cursor: firstPage.nextCursor! })),
      now,
    );
    expect(secondPage.items[0]!.arxivId).not.toBe(firstPage.items[0]!.arxivId);
    const all = [...firstPage.items, ...secondPage.items].map((item) => item.arxivId);
    expect(new Set(all).size).toBe(30);
  });

  it.each([
    [{ feed: "hot" }, "feed"],
    [{ feed: "daily", date: "2026-02-30" }, "date"],
    [{ feed: "weekly", week: "2026-W60" }, "week"],
    [{ feed: "monthly", month: "2026-13" }, "month"],
    [{ feed: "trending", limit: "101" }, "limit"],
    [{ feed: "trending", limit: "0" }, "limit"],
    [{ feed: "new", cursor: "!!" }, "cursor"],
    [{ feed: "trending", date: "2026-11-20" }, "date"],
    [{ feed: "new", color: "red" }, "query"],
  ])("refuses %j naming %s", (params, field) => {
    expect(() => parseFeedQuery(new URLSearchParams(params))).toThrowError(
      expect.objectContaining({ status: 400, details: { field } }),
    );
  });

  it("lets a moderator zero a vote ring's weight, recomputing buckets and snapshots", async () => {
    const before = await computeTrending(now);
    const leader = before[0]!;
    const voters = await database
      .db()
      .select({ userId: votes.userId })
      .from(votes)
      .where(eq(votes.paperId, leader.paperId));
    const moderator = testViewer("mod", "moderator");
    for (const voter of voters) await setVoteWeightOverride(moderator, voter.userId, 0);
    const after = await computeTrending(now);
    expect(after.find((row) => row.paperId === leader.paperId)).toBeUndefined();
    const yesterday = addDays(formatDay(now), -1);
    const [snapshotRow] = await database
      .db()
      .select()
      .from(trendingSnapshots)
      .where(eq(trendingSnapshots.paperId, leader.paperId));
    expect(snapshotRow === undefined || snapshotRow.date < addDays(yesterday, -30)).toBe(true);
    // Displayed counts stay as cast.
    const [paper] = await database
      .db()
      .select({ upvotes: papers.upvotes })
      .from(papers)
      .where(eq(papers.id, leader.paperId));
    expect(paper!.upvotes).toBe(voters.length);

    const plain = { ...moderator, id: "u1", role: "user" as const };
    await expect(setVoteWeightOverride(plain, "u2", 0)).rejects.toMatchObject({ status: 403 });
  });
});
