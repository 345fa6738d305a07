import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { pastTheHour, voterRows } from "@/testing/voters";
import { papers, users, votes } from "@/db/schema";
import { rebuildVoteBuckets } from "@/db/maintenance";
import {
  getFeed,
  invalidateCategories,
  listCategories,
  parseFeedQuery,
  type FeedQuery,
  type FeedResult,
} from "./feeds";
import { addDays, formatDay, monthOf, weekOf } from "../ranking/periods";
import {
  getTrendingPage,
  getTrendingSnapshot,
  invalidateLiveTrending,
  writeTrendingSnapshot,
} from "../ranking/trending";

const database = withTestDatabase();
const now = pastTheHour();
const today = formatDay(now);
const yesterday = addDays(today, -1);
// Half an hour ago, but never before today began, so that yesterday's snapshot holds only `earlier`.
const recent = new Date(Math.max(now.getTime() - 30 * 60 * 1000, new Date(`${today}T00:01:00Z`).getTime()));
const earlier = new Date(`${yesterday}T06:00:00Z`);

// id, categories, votes now, votes yesterday morning.
const PAPERS: [string, string[], number, number][] = [
  ["2401.00001", ["cs.LG", "cs.AI"], 6, 0],
  ["2401.00002", ["cs.CL"], 8, 0],
  ["2401.00003", ["cs.LG"], 4, 5],
  ["2401.00004", ["hep-th"], 5, 10],
  ["2401.00005", [], 7, 0],
];
const LG = new Set(["2401.00001", "2401.00003"]);

async function all(query: Omit<FeedQuery, "limit"> & { limit?: number }): Promise<FeedResult> {
  return getFeed({ limit: 100, ...query }, now);
}

const ids = (result: FeedResult) => result.items.map((item) => item.arxivId);

describe("the category filter on every feed", () => {
  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values(voterRows(20, now));
    const inserted = await db
      .insert(papers)
      .values(
        PAPERS.map(([arxivId, categories], i) => ({
          arxivId,
          title: `Paper ${arxivId}`,
          categories,
          addedAt: new Date(`${yesterday}T0${i + 1}:00:00Z`),
        })),
      )
      .returning({ id: papers.id, arxivId: papers.arxivId });
    const rows: (typeof votes.$inferInsert)[] = [];
    PAPERS.forEach(([, , fresh, old], index) => {
      const paperId = inserted[index]!.id;
      for (let u = 0; u < old; u++) rows.push({ userId: `u${u}`, paperId, createdAt: earlier, weight: 1 });
      for (let u = 0; u < fresh; u++) rows.push({ userId: `u${u + old}`, paperId, createdAt: recent, weight: 1 });
    });
    await db.insert(votes).values(rows);
    await db.execute(sql`update papers p set upvotes = (select count(*) from votes v where v.paper_id = p.id)`);
    await rebuildVoteBuckets(db);
    await writeTrendingSnapshot(yesterday);
    await writeTrendingSnapshot(today);
    invalidateLiveTrending();
    invalidateCategories();
  });

  it("narrows each of the five feeds to exactly the papers listed under the category", async () => {
    const queries: Omit<FeedQuery, "limit">[] = [
      { feed: "trending" },
      { feed: "new" },
      { feed: "daily", date: yesterday },
      { feed: "weekly", week: weekOf(recent) },
      { feed: "monthly", month: monthOf(recent) },
    ];
    for (const query of queries) {
      const everything = await all(query);
      const narrowed = await all({ ...query, category: "cs.LG" });
      expect(ids(narrowed), query.feed).toEqual(ids(everything).filter((id) => LG.has(id)));
      expect(ids(narrowed).length, query.feed).toBeGreaterThan(0);
      expect(ids(await all({ ...query, category: "math.AG" })), query.feed).toEqual([]);
    }
    expect(ids(await all({ feed: "new", category: "hep-th" }))).toEqual(["2401.00004"]);
    // A cross-listed category counts as much as the primary one.
    expect(ids(await all({ feed: "new", category: "cs.AI" }))).toEqual(["2401.00001"]);
  });

  it("ranks trending papers within the category, and compares with yesterday's ranks within it", async () => {
    const everything = await all({ feed: "trending" });
    expect(ids(everything)).toHaveLength(5);
    const narrowed = await all({ feed: "trending", category: "cs.LG" });
    expect(narrowed.items.map((item) => item.trending!.rank)).toEqual([1, 2]);
    // Yesterday's snapshot: 2401.00004 first, 2401.00003 second overall, so first in cs.LG.
    const yesterdayRanks = (await getTrendingSnapshot(yesterday, { limit: 10, offset: 0 })).items.map(
      (item) => item.arxivId,
    );
    expect(yesterdayRanks).toEqual(["2401.00004", "2401.00003"]);
    for (const item of narrowed.items) {
      if (item.arxivId === "2401.00003") expect(item.trending!.rankChange).toBe(1 - item.trending!.rank);
      else expect(item.trending!.rankChange).toBeNull();
    }
    const global = everything.items.find((item) => item.arxivId === "2401.00003")!;
    expect(global.trending!.rankChange).toBe(2 - global.trending!.rank);
    expect((await getTrendingPage({ limit: 10, offset: 0, now, category: "cs.LG" })).total).toBe(2);
  });

  it("pages through a narrowed feed", async () => {
    const first = await getFeed({ feed: "trending", limit: 1, category: "cs.LG" }, now);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const query = parseFeedQuery(
      new URLSearchParams({ feed: "trending", limit: "1", category: "cs.LG", cursor: first.nextCursor! }),
    );
    const second = await getFeed(query, now);
    expect(second.items[0]!.trending!.rank).toBe(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...ids(first), ...ids(second)])).toEqual(LG);
  });

  it("narrows a day's snapshot with ranks within the category", async () => {
    const whole = await getTrendingSnapshot(today, { limit: 10, offset: 0 });
    const narrowed = await getTrendingSnapshot(today, { limit: 10, offset: 0, category: "cs.LG" });
    expect(narrowed.items.map((item) => item.arxivId)).toEqual(
      whole.items.map((item) => item.arxivId).filter((id) => LG.has(id)),
    );
    expect(narrowed.items.map((item) => item.trending.rank)).toEqual([1, 2]);
    const second = await getTrendingSnapshot(today, { limit: 1, offset: 1, category: "cs.LG" });
    expect(second.items.map((item) => item.trending.rank)).toEqual([2]);
  });

  it("lists the categories present, most common first", async () => {
    expect(await listCategories()).toEqual([
      { category: "cs.LG", papers: 2 },
      { category: "cs.AI", papers: 1 },
      { category: "cs.CL", papers: 1 },
      { category: "hep-th", papers: 1 },
    ]);
  });

  it("counts again as soon as a paper is added, without waiting for the cache to expire", async () => {
    await listCategories();
    const [added] = await database
      .db()
      .insert(papers)
      .values({ arxivId: "2401.00009", title: "Late", categories: ["math.AG"] })
      .returning();
    try {
      expect(await listCategories()).toContainEqual({ category: "math.AG", papers: 1 });
    } finally {
      await database
        .db()
        .delete(papers)
        .where(sql`${papers.id} = ${added!.id}`);
    }
    expect(await listCategories()).not.toContainEqual({ category: "math.AG", papers: 1 });
  });

  it("accepts arXiv categories in the query and refuses anything else, naming the field", () => {
    for (const category of [
      "cs.LG",
      "hep-th",
      "q-bio.NC",
      "cond-mat.mes-hall",
      "physics.comp-ph",
      "math",
      "astro-ph.CO",
    ]) {
      expect(parseFeedQuery(new URLSearchParams({ category })).category).toBe(category);
    }
    // An empty value (the filter form's "all categories") means no filter.
    expect(parseFeedQuery(new URLSearchParams({ category: "" })).category).toBeUndefined();
    for (const category of ["cs lg", "cs.lg.x", "CS.LG", "cs.LG'--", "x".repeat(41), "cs.", ".LG"]) {
      expect(() => parseFeedQuery(new URLSearchParams({ category })), category).toThrowError(
        expect.objectContaining({ status: 400, details: { field: "category" } }),
      );
    }
  });
});
