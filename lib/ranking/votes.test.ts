import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { papers, users, voteBuckets, votes } from "@/db/schema";
import { recountPaperCounters, rebuildVoteBuckets } from "@/db/maintenance";
import { castVote, getUpvotedArxivIds, listVoters } from "./votes";
import type { Viewer } from "../identity/viewer";
import { loadViewer, testViewer } from "@/testing/viewers";

const database = withTestDatabase();
const DAY = 24 * 3600 * 1000;
const now = new Date("2026-11-27T10:30:00Z");

/** As a request would see them: read from the database (their weight depends on it). */
const viewer = (id: string): Promise<Viewer> => loadViewer(id);

async function counts(arxivId: string) {
  const [row] = await database.db().execute<{
    upvotes: number;
    rows: number;
    bucket_votes: number;
    bucket_weight: number;
  }>(sql`
    select p.upvotes,
      (select count(*)::int from votes v where v.paper_id = p.id) as rows,
      coalesce((select sum(votes)::int from vote_buckets b where b.paper_id = p.id), 0) as bucket_votes,
      coalesce((select sum(weight)::float from vote_buckets b where b.paper_id = p.id), 0) as bucket_weight
    from papers p where p.arxiv_id = ${arxivId}`);
  return row!;
}

describe("castVote", () => {
  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values([
      {
        id: "veteran",
        githubLogin: "veteran",
        createdAt: new Date(now.getTime() - 100 * DAY),
        githubCreatedAt: new Date("2015-01-01"),
      },
      {
        id: "submitter",
        githubLogin: "submitter",
        createdAt: new Date(now.getTime() - 100 * DAY),
        githubCreatedAt: new Date("2015-01-01"),
      },
      {
        id: "newbie",
        githubLogin: "newbie",
        createdAt: new Date(now.getTime() - 3600 * 1000),
        githubCreatedAt: new Date("2015-01-01"),
      },
      { id: "banned", githubLogin: "banned", createdAt: new Date(now.getTime() - 100 * DAY), bannedAt: now },
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `crowd-${i}`,
        githubLogin: `crowd-${i}`,
        createdAt: new Date(now.getTime() - 60 * DAY),
        githubCreatedAt: new Date("2016-01-01"),
      })),
    ]);
    const [submitter] = await db.select().from(users).where(eq(users.id, "submitter"));
    await db.insert(papers).values([
      { arxivId: "2401.00001", title: "One" },
      { arxivId: "2401.00002", title: "Two", submittedById: submitter!.id },
      { arxivId: "hep-th/9901001", title: "Old style" },
    ]);
  });

  it("sets the desired state idempotently and keeps the counter and the bucket in step", async () => {
    expect(await castVote(await viewer("veteran"), "2401.00001", true, now)).toEqual({ upvoted: true, upvotes: 1 });
    expect(await castVote(await viewer("veteran"), "2401.00001v2", true, now)).toEqual({ upvoted: true, upvotes: 1 });
    expect(await counts("2401.00001")).toEqual({ upvotes: 1, rows: 1, bucket_votes: 1, bucket_weight: 1 });
    expect(await getUpvotedArxivIds("veteran", ["2401.00001", "2401.00002"])).toEqual(new Set(["2401.00001"]));
    expect((await listVoters("2401.00001")).map((v) => v.login)).toEqual(["veteran"]);

    expect(await castVote(await viewer("veteran"), "2401.00001", false, now)).toEqual({ upvoted: false, upvotes: 0 });
    expect(await castVote(await viewer("veteran"), "2401.00001", false, now)).toEqual({ upvoted: false, upvotes: 0 });
    expect(await counts("2401.00001")).toEqual({ upvotes: 0, rows: 0, bucket_votes: 0, bucket_weight: 0 });
  });

  it("removes an old vote from the bucket of the hour it was cast in", async () => {
    const earlier = new Date(now.getTime() - 5 * 3600 * 1000);
    await castVote(await viewer("veteran"), "2401.00001", true, earlier);
    await castVote(await viewer("veteran"), "2401.00001", false, now);
    const buckets = await database.db().select().from(voteBuckets);
    expect(buckets.every((bucket) => bucket.votes === 0)).toBe(true);
  });

  it("fixes a weight at vote time: the submitter's own vote weighs 0, a day-old account little", async () => {
    await castVote(await viewer("submitter"), "2401.00002", true, now);
    await castVote(await viewer("newbie"), "2401.00002", true, now);
    const rows = await database.db().select({ userId: votes.userId, weight: votes.weight }).from(votes);
    expect(rows.find((row) => row.userId === "submitter")?.weight).toBe(0);
    expect(rows.find((row) => row.userId === "newbie")?.weight).toBeLessThan(0.01);
    // Displayed counts stay as cast.
    expect((await counts("2401.00002")).upvotes).toBe(2);
  });

  it("works for old-style ids, which contain a slash", async () => {
    expect(await castVote(await viewer("veteran"), "hep-th/9901001", true, now)).toEqual({ upvoted: true, upvotes: 1 });
  });

  it("refuses the signed-out, the banned and unknown papers", async () => {
    await expect(castVote(null, "2401.00001", true, now)).rejects.toMatchObject({ status: 401 });
    await expect(castVote(await viewer("banned"), "2401.00001", true, now)).rejects.toMatchObject({ status: 403 });
    // The ban is read from the database, whatever the session claimed.
    await expect(
      castVote({ ...(await viewer("banned")), banned: false }, "2401.00001", true, now),
    ).rejects.toMatchObject({ status: 403 });
    await expect(castVote(await viewer("veteran"), "2401.99999", true, now)).rejects.toMatchObject({ status: 404 });
    await expect(castVote(await viewer("veteran"), "not-an-id", true, now)).rejects.toMatchObject({ status: 404 });
    // A session whose user has since been deleted writes nothing.
    await expect(castVote(testViewer("deleted-user"), "2401.00001", true, now)).rejects.toMatchObject({ status: 401 });
    const [row] = await database
      .db()
      .execute<{ n: number }>(sql`select count(*)::int as n from votes where user_id in ('banned', 'deleted-user')`);
    expect(row!.n).toBe(0);
  });

  it("limits a new account to 10 votes a minute and an established one to 60", async () => {
    const later = new Date(now.getTime() + 10 * 60 * 1000);
    for (let i = 0; i < 10; i++) await castVote(await viewer("newbie"), "2401.00001", i % 2 === 0, later);
    await expect(castVote(await viewer("newbie"), "2401.00001", true, later)).rejects.toMatchObject({
      status: 429,
      details: { retryAfterSeconds: expect.any(Number) },
    });
    for (let i = 0; i < 60; i++) await castVote(await viewer("crowd-0"), "2401.00001", i % 2 === 0, later);
    await expect(castVote(await viewer("crowd-0"), "2401.00001", true, later)).rejects.toMatchObject({ status: 429 });
  });

  it("stays exact when many users vote and un-vote the same papers at once", async () => {
    const at = new Date(now.getTime() + 20 * 60 * 1000);
    const ids = ["2401.00001", "2401.00002"];
    const finalState = new Map<string, boolean>();
    await Promise.all(
      Array.from({ length: 30 }, async (_, user) => {
        for (let step = 0; step < 6; step++) {
          const arxivId = ids[(user + step) % 2]!;
          const desired = (user * 7 + step) % 3 !== 0;
          const result = await castVote(await viewer(`crowd-${user}`), arxivId, desired, at);
          expect(result.upvoted).toBe(desired);
          finalState.set(`crowd-${user}|${arxivId}`, desired);
        }
      }),
    );
    for (const arxivId of ids) {
      const c = await counts(arxivId);
      expect(c.upvotes).toBe(c.rows);
      expect(c.bucket_votes).toBe(c.rows);
    }
    const rows = await database.db().execute<{ user_id: string; arxiv_id: string }>(sql`
      select v.user_id, p.arxiv_id from votes v join papers p on p.id = v.paper_id where v.user_id like 'crowd-%'`);
    const present = new Set(rows.map((row) => `${row.user_id}|${row.arxiv_id}`));
    for (const [key, upvoted] of finalState) expect(present.has(key), key).toBe(upvoted);
  });

  it("recount repairs counters and buckets from the votes", async () => {
    const db = database.db();
    await db.update(papers).set({ upvotes: 999 }).where(eq(papers.arxivId, "2401.00002"));
    await db.execute(sql`update vote_buckets set votes = votes + 5`);
    expect(await recountPaperCounters(db)).toBe(1);
    await rebuildVoteBuckets(db);
    const c = await counts("2401.00002");
    expect(c.upvotes).toBe(c.rows);
    expect(c.bucket_votes).toBe(c.rows);
  });
});
