import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { authorFollows, paperAuthors, paperFollows, papers, users } from "@/db/schema";
import { createComment } from "../discussion/comments";
import { authorTag, tagVersion } from "../cache/shared-cache";
import {
  countAuthorFollowers,
  followAuthor,
  followCategory,
  followReasons,
  getFollowingFeed,
  getFollowState,
  listFollows,
  parseFollowingFeedQuery,
  setPaperFollow,
  textArrayLiteral,
  unfollowAuthor,
  unfollowCategory,
} from "./follows";
import { submissionSchema, submitPaper } from "../intake/submissions";
import type { ArxivFixtureServer } from "@/testing/arxiv-fixture-server";
import { startFakeArxiv } from "@/testing/fake-arxiv";
import { testViewer } from "@/testing/viewers";

const database = withTestDatabase();
const DAY = 86_400_000;
const as = testViewer;
let arxiv: ArxivFixtureServer;

async function paperFollowRow(userId: string, arxivId: string) {
  const [row] = await database
    .db()
    .select({ following: paperFollows.following })
    .from(paperFollows)
    .innerJoin(papers, eq(papers.id, paperFollows.paperId))
    .where(and(eq(paperFollows.userId, userId), eq(papers.arxivId, arxivId)));
  return row ?? null;
}

describe("follows", () => {
  beforeAll(async () => {
    arxiv = await startFakeArxiv();
    const old = new Date(Date.now() - 100 * DAY);
    await database
      .db()
      .insert(users)
      .values(["ann", "ben", "cat"].map((id) => ({ id, githubLogin: id, createdAt: old })));
    const base = new Date("2026-11-01T00:00:00Z").getTime();
    const inserted = await database
      .db()
      .insert(papers)
      .values([
        {
          arxivId: "2401.00001",
          title: "Attention again",
          categories: ["cs.CL", "cs.LG"],
          addedAt: new Date(base + 1 * DAY),
        },
        { arxivId: "2401.00002", title: "Vision thing", categories: ["cs.CV"], addedAt: new Date(base + 2 * DAY) },
        { arxivId: "2401.00003", title: "Both reasons", categories: ["cs.CL"], addedAt: new Date(base + 3 * DAY) },
        { arxivId: "2401.00004", title: "Unrelated", categories: ["math.AG"], addedAt: new Date(base + 4 * DAY) },
        { arxivId: "2401.00005", title: "Newest by Vaswani", categories: ["cs.LG"], addedAt: new Date(base + 5 * DAY) },
      ])
      .returning({ id: papers.id, arxivId: papers.arxivId });
    const id = (arxivId: string) => inserted.find((row) => row.arxivId === arxivId)!.id;
    await database
      .db()
      .insert(paperAuthors)
      .values([
        { paperId: id("2401.00001"), position: 0, name: "Someone Else" },
        { paperId: id("2401.00002"), position: 0, name: "Ashish Vaswani" },
        { paperId: id("2401.00003"), position: 0, name: "Noam Shazeer" },
        { paperId: id("2401.00003"), position: 1, name: "Ashish Vaswani" },
        { paperId: id("2401.00004"), position: 0, name: "Ashish Vaswanii" },
        { paperId: id("2401.00005"), position: 0, name: "Ashish Vaswani" },
      ]);
  });
  afterAll(async () => {
    await arxiv.close();
  });

  it("follows authors by exact name and categories, idempotently; counts an author's followers", async () => {
    await expect(followAuthor(null, "Ashish Vaswani")).rejects.toMatchObject({ status: 401 });
    await expect(followAuthor(as("ann"), "Nobody Here")).rejects.toMatchObject({ status: 404 });
    await expect(followAuthor(as("ann"), "   ")).rejects.toMatchObject({ status: 400 });
    await expect(followCategory(as("ann"), "not a category!")).rejects.toMatchObject({
      status: 400,
      details: { field: "body" },
    });

    // A follow changes the author page's follower count: its page cache tag is invalidated.
    const before = tagVersion(authorTag("Ashish Vaswani"));
    expect(await followAuthor(as("ann"), "Ashish Vaswani")).toEqual({ name: "Ashish Vaswani" });
    expect(tagVersion("author:ashish vaswani")).toBeGreaterThan(before);
    await followAuthor(as("ann"), "Ashish Vaswani");
    await followAuthor(as("ben"), "Ashish Vaswani");
    await followCategory(as("ann"), "cs.CL");
    await followCategory(as("ann"), "cs.CL");
    expect(await countAuthorFollowers("Ashish Vaswani")).toBe(2);
    // As arXiv spells it: case and near-misses are other authors.
    expect(await countAuthorFollowers("ashish vaswani")).toBe(0);

    const list = await listFollows(as("ann"));
    expect(list.authors.map((a) => a.name)).toEqual(["Ashish Vaswani"]);
    expect(list.categories.map((c) => c.category)).toEqual(["cs.CL"]);
    const state = await getFollowState("ann", {
      authors: ["Ashish Vaswani", "Noam Shazeer"],
      categories: ["cs.CL", "cs.LG"],
    });
    expect([...state.authors]).toEqual(["Ashish Vaswani"]);
    expect([...state.categories]).toEqual(["cs.CL"]);
  });

  it("lists followed authors' and categories' papers newest first, each saying why, in pages", async () => {
    const feed = await getFollowingFeed(as("ann"), { limit: 10, offset: 0 });
    expect(feed.items.map((p) => p.arxivId)).toEqual(["2401.00005", "2401.00003", "2401.00002", "2401.00001"]);
    expect(feed.items.map(followReasons)).toEqual([
      ["by Ashish Vaswani"],
      ["by Ashish Vaswani", "in cs.CL"],
      ["by Ashish Vaswani"],
      ["in cs.CL"],
    ]);
    expect(feed.nextCursor).toBeNull();

    const first = await getFollowingFeed(as("ann"), { limit: 3, offset: 0 });
    expect(first.items.map((p) => p.arxivId)).toEqual(["2401.00005", "2401.00003", "2401.00002"]);
    const cursor = parseFollowingFeedQuery(
      new URLSearchParams({ feed: "following", limit: "3", cursor: first.nextCursor! }),
    );
    const second = await getFollowingFeed(as("ann"), { limit: cursor.limit, offset: cursor.cursor ?? 0 });
    expect(second.items.map((p) => p.arxivId)).toEqual(["2401.00001"]);

    // Each reader's own feed: ben follows only the author; cat follows nothing.
    expect((await getFollowingFeed(as("ben"), { limit: 10, offset: 0 })).items.map((p) => p.arxivId)).toEqual([
      "2401.00005",
      "2401.00003",
      "2401.00002",
    ]);
    expect((await getFollowingFeed(as("cat"), { limit: 10, offset: 0 })).items).toEqual([]);
    await expect(getFollowingFeed(null, { limit: 10, offset: 0 })).rejects.toMatchObject({ status: 401 });
    expect(() => parseFollowingFeedQuery(new URLSearchParams({ feed: "following", date: "2026-01-01" }))).toThrow();
  });

  it("unfollows only the caller's own follows", async () => {
    const beforeUnfollow = tagVersion(authorTag("Ashish Vaswani"));
    await unfollowAuthor(as("ben"), "Ashish Vaswani");
    expect(tagVersion(authorTag("Ashish Vaswani"))).toBeGreaterThan(beforeUnfollow);
    expect(await countAuthorFollowers("Ashish Vaswani")).toBe(1);
    const [annStill] = await database.db().select().from(authorFollows).where(eq(authorFollows.userId, "ann"));
    expect(annStill?.authorName).toBe("Ashish Vaswani");
    await unfollowCategory(as("ann"), "cs.CL");
    expect((await listFollows(as("ann"))).categories).toEqual([]);
    await expect(unfollowCategory(null, "cs.CL")).rejects.toMatchObject({ status: 401 });
  });

  it("commenting follows the discussion; an explicit unfollow survives later comments", async () => {
    expect(await paperFollowRow("cat", "2401.00001")).toBeNull();
    await createComment(as("cat"), "2401.00001", { body: "First thoughts." }, new Date(Date.now() + 60_000));
    expect(await paperFollowRow("cat", "2401.00001")).toEqual({ following: true });
    expect((await listFollows(as("cat"))).papers.map((p) => p.arxivId)).toEqual(["2401.00001"]);

    expect(await setPaperFollow(as("cat"), "2401.00001v2", false)).toEqual({ arxivId: "2401.00001", following: false });
    await createComment(as("cat"), "2401.00001", { body: "Second thoughts." }, new Date(Date.now() + 120_000));
    expect(await paperFollowRow("cat", "2401.00001")).toEqual({ following: false });
    expect((await listFollows(as("cat"))).papers).toEqual([]);
    expect(
      (
        await getFollowState("cat", {
          paperId: (await database.db().select().from(papers).where(eq(papers.arxivId, "2401.00001")))[0]!.id,
        })
      ).paper,
    ).toBe(false);

    await setPaperFollow(as("cat"), "2401.00001", true);
    expect(await paperFollowRow("cat", "2401.00001")).toEqual({ following: true });
    await expect(setPaperFollow(as("cat"), "2499.99999", true)).rejects.toMatchObject({ status: 404 });
    await expect(setPaperFollow(null, "2401.00001", true)).rejects.toMatchObject({ status: 401 });
  });

  it("submitting a paper follows its discussion", async () => {
    const result = await submitPaper(as("ben"), submissionSchema.parse({ arxivId: "2312.00752" }));
    expect(result.created).toBe(true);
    expect(await paperFollowRow("ben", "2312.00752")).toEqual({ following: true });
  });
});

describe("the Following feed's category literal", () => {
  it("reads back as exactly the values, however they are spelt", async () => {
    const values = ["cs.LG", "it's", 'a "quoted" one', "back\\slash", "{braces},commas", "NULL", ""];
    const [row] = await database
      .db()
      .execute<{ value: string[] }>(sql.raw(`select ${textArrayLiteral(values)} as value`));
    expect(row!.value).toEqual(values);
    const [empty] = await database
      .db()
      .execute<{ value: string[] }>(sql.raw(`select ${textArrayLiteral([])} as value`));
    expect(empty!.value).toEqual([]);
  });
});
