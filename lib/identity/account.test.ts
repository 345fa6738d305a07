import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { apiTokens, moderationLog, papers, sessions, subscriptions, trendingSnapshots, users } from "@/db/schema";
import { recountCounters } from "@/db/maintenance";
import { addDays, formatDay } from "@/lib/ranking/periods";
import { loadViewer, testViewer } from "@/testing/viewers";
import { deleteOwnAccount } from "./account";
import { removeSpammer } from "../moderation/moderation";
import { createComment, getCommentTree, voteOnComment } from "../discussion/comments";
import { createToken, authenticateToken } from "./tokens";
import { writeTrendingSnapshot } from "../ranking/trending";
import { castVote } from "../ranking/votes";

const database = withTestDatabase();
const DAY = 24 * 3600 * 1000;
const yesterday = addDays(formatDay(new Date()), -1);
/** Noon yesterday: inside yesterday's snapshot window. */
const noonYesterday = new Date(`${yesterday}T12:00:00Z`);

const PEOPLE = ["leaver", "spammer", "fan-1", "fan-2", "fan-3", "mod", "mod-2", "admin", "plain"];

async function snapshotIds(day: string): Promise<number[]> {
  const rows = await database
    .db()
    .select({ paperId: trendingSnapshots.paperId })
    .from(trendingSnapshots)
    .where(eq(trendingSnapshots.date, day));
  return rows.map((row) => row.paperId).sort((a, b) => a - b);
}

async function paperId(arxivId: string): Promise<number> {
  const [row] = await database.db().select({ id: papers.id }).from(papers).where(eq(papers.arxivId, arxivId));
  return row!.id;
}

async function upvotes(arxivId: string): Promise<number> {
  const [row] = await database.db().select({ upvotes: papers.upvotes }).from(papers).where(eq(papers.arxivId, arxivId));
  return row!.upvotes;
}

describe("deleting accounts", () => {
  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values(
      PEOPLE.map((id) => ({
        id,
        githubLogin: id === "leaver" ? "Leaver" : id,
        email: `${id}@example.org`,
        createdAt: new Date(Date.now() - 90 * DAY),
        githubCreatedAt: new Date("2015-01-01"),
        role: id.startsWith("mod") ? ("moderator" as const) : id === "admin" ? ("admin" as const) : ("user" as const),
      })),
    );
    await db.insert(papers).values([
      { arxivId: "2403.00001", title: "Liked by the leaver" },
      { arxivId: "2403.00002", title: "Pushed by the spammer" },
      { arxivId: "2403.00003", title: "Discussed" },
    ]);
    // Three votes each yesterday: both papers are on yesterday's snapshot (3 votes is the minimum).
    for (const voter of ["leaver", "fan-1", "fan-2"])
      await castVote(await loadViewer(voter), "2403.00001", true, noonYesterday);
    for (const voter of ["spammer", "fan-2", "fan-3"])
      await castVote(await loadViewer(voter), "2403.00002", true, noonYesterday);
    await writeTrendingSnapshot(yesterday);
    expect(await snapshotIds(yesterday)).toEqual([await paperId("2403.00001"), await paperId("2403.00002")]);
  });

  describe("deleteOwnAccount", () => {
    it("refuses the signed-out and a confirmation that is not the login", async () => {
      await expect(deleteOwnAccount(null, "leaver")).rejects.toMatchObject({ status: 401 });
      await expect(deleteOwnAccount(await loadViewer("leaver"), "fan-1")).rejects.toMatchObject({
        status: 422,
        details: { field: "login" },
      });
      await expect(deleteOwnAccount(testViewer("nobody"), "nobody")).rejects.toMatchObject({ status: 401 });
      expect(await upvotes("2403.00001")).toBe(3);
    });

    it("removes the account and everything personal at once; comments stay as [deleted user]; snapshots stay", async () => {
      const db = database.db();
      const leaver = await loadViewer("leaver");
      const root = await createComment(leaver, "2403.00003", { body: "My own words" });
      await createComment(await loadViewer("fan-1"), "2403.00003", {
        body: "A reply to the leaver",
        parentId: root.id,
      });
      const fanComment = await createComment(await loadViewer("fan-2"), "2403.00003", { body: "Liked by the leaver" });
      await voteOnComment(leaver, fanComment.id, true);
      await db
        .insert(sessions)
        .values({ sessionToken: "leaver-session", userId: "leaver", expires: new Date(Date.now() + DAY) });
      const { token } = await createToken(leaver, "bot");
      await db.insert(subscriptions).values([
        { email: "leaver@example.org", frequency: "daily", status: "active", userId: "leaver" },
        { email: "leaver+news@example.org", frequency: "weekly", status: "active", userId: "leaver" },
      ]);
      const snapshotBefore = await db.select().from(trendingSnapshots).where(eq(trendingSnapshots.date, yesterday));

      expect(await deleteOwnAccount(leaver, " leaver ")).toEqual({ login: "Leaver", votes: 1, comments: 1 });

      expect(await db.select().from(users).where(eq(users.id, "leaver"))).toEqual([]);
      expect(await db.select().from(sessions).where(eq(sessions.userId, "leaver"))).toEqual([]);
      expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, "leaver"))).toEqual([]);
      expect(await authenticateToken(token)).toBeNull();
      expect(await db.select().from(subscriptions)).toEqual([]);
      // Counters move at once; the published snapshot is history and stays.
      expect(await upvotes("2403.00001")).toBe(2);
      expect(await db.select().from(trendingSnapshots).where(eq(trendingSnapshots.date, yesterday))).toEqual(
        snapshotBefore,
      );
      const tree = await getCommentTree("2403.00003", "new", null);
      const tombstone = tree.find((node) => node.id === root.id)!;
      expect(tombstone).toMatchObject({ author: null, authorDeleted: true, state: "deleted", html: null });
      expect(tombstone.children.map((child) => child.html)).toEqual([expect.stringContaining("A reply to the leaver")]);
      expect(JSON.stringify(tree)).not.toContain("My own words");
      expect(tree.find((node) => node.id === fanComment.id)?.upvotes).toBe(0);
      // The login is free: a new sign-in with it makes a fresh account.
      await db.insert(users).values({ id: "leaver-again", githubLogin: "leaver" });
      expect((await recountCounters(db)).total).toBe(0);
    });
  });

  describe("removeSpammer", () => {
    it("is for moderators only, checked against the database", async () => {
      await expect(removeSpammer(null, "spammer", "")).rejects.toMatchObject({ status: 401 });
      await expect(removeSpammer(await loadViewer("plain"), "spammer", "")).rejects.toMatchObject({ status: 403 });
      // A session claiming a role it does not have in the database.
      await expect(removeSpammer(testViewer("plain", "admin"), "spammer", "")).rejects.toMatchObject({ status: 403 });
      await expect(removeSpammer(await loadViewer("mod"), "mod-2", "")).rejects.toMatchObject({ status: 403 });
      await expect(removeSpammer(await loadViewer("mod"), "admin", "")).rejects.toMatchObject({ status: 403 });
      await expect(removeSpammer(await loadViewer("mod"), "mod", "")).rejects.toMatchObject({ status: 409 });
      await expect(removeSpammer(await loadViewer("mod"), "nobody", "")).rejects.toMatchObject({ status: 404 });
      expect(await database.db().select().from(users).where(eq(users.id, "spammer"))).toHaveLength(1);
    });

    it("removes the account, its words and its votes in one logged action, and rewrites the snapshots", async () => {
      const db = database.db();
      const spammer = await loadViewer("spammer");
      // A minute apart: the comment rate limit allows one every 15 seconds.
      const minute = (n: number) => new Date(Date.now() + n * 60_000);
      const alone = await createComment(spammer, "2403.00003", { body: "Buy cheap pills" }, minute(1));
      await createComment(
        spammer,
        "2403.00003",
        { body: "More pills, replying to myself", parentId: alone.id },
        minute(2),
      );
      const answered = await createComment(spammer, "2403.00001", { body: "Spam someone answered" }, minute(3));
      await createComment(
        await loadViewer("fan-3"),
        "2403.00001",
        { body: "This is spam.", parentId: answered.id },
        minute(4),
      );
      const real = await createComment(await loadViewer("fan-1"), "2403.00001", { body: "Real talk" }, minute(5));
      await voteOnComment(spammer, real.id, true);

      const result = await removeSpammer(await loadViewer("mod"), "SPAMMER", "selling pills");
      expect(result).toMatchObject({ login: "spammer", votes: 1, comments: 3 });
      expect(result.snapshotDays).toContain(yesterday);

      expect(await db.select().from(users).where(eq(users.id, "spammer"))).toEqual([]);
      const texts = (
        await db.execute<{ body: string; author_id: string | null }>(sql`select body, author_id from comments`)
      ).map((row) => row.body);
      expect(texts.join("\n")).not.toMatch(/pills|Spam someone answered/);
      // The answered comment stays as a tombstone so that the reply keeps its place.
      const tree = await getCommentTree("2403.00001", "new", null);
      const tombstone = tree.find((node) => node.id === answered.id)!;
      expect(tombstone).toMatchObject({ author: null, authorDeleted: true, html: null });
      expect(tombstone.children[0]?.html).toContain("This is spam.");
      expect((await getCommentTree("2403.00003", "new", null)).some((node) => node.id === alone.id)).toBe(false);
      // Its vote is gone from the counter and from yesterday's snapshot (2 votes < 3).
      expect(await upvotes("2403.00002")).toBe(2);
      expect(await snapshotIds(yesterday)).not.toContain(await paperId("2403.00002"));
      const [entry] = await db.select().from(moderationLog).where(eq(moderationLog.action, "remove_spammer"));
      expect(entry).toMatchObject({ moderatorLogin: "mod", targetLogin: "spammer", reason: "selling pills" });
      expect((await recountCounters(db)).total).toBe(0);
    });

    it("lets an administrator remove a moderator", async () => {
      expect(await removeSpammer(await loadViewer("admin"), "mod-2", "")).toMatchObject({
        login: "mod-2",
        votes: 0,
        comments: 0,
      });
    });
  });
});
