import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import postgres from "postgres";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { papers, users } from "@/db/schema";
import { testViewer } from "@/testing/viewers";
import { startArxivFixtureServer, type ArxivFixtureServer } from "@/testing/arxiv-fixture-server";
import { resetEnvCache } from "../env";
import { castVote } from "../ranking/votes";
import {
  createComment,
  deleteComment,
  editComment,
  getCommentTree,
  voteOnComment,
  type CommentNode,
} from "../discussion/comments";
import { setCommentHidden } from "../moderation/moderation";
import { ingestIds } from "../intake/arxiv-ingest";
import { submitPaper } from "../intake/submissions";
import { sharedAuthorPapers, sharedFeed, sharedPaper, sharedPaperActivity } from "./shared-reads";
import {
  CACHE_CHANNEL,
  invalidationPayload,
  resetSharedCache,
  startCacheListener,
  stopCacheListener,
} from "./shared-cache";

/**
 * Every kind of write invalidates what the pages read through the shared cache, and a
 * NOTIFY from another connection (another app server, the ingest command) does too.
 */
const database = withTestDatabase();
const PAPER = "2401.00001";
let arxiv: ArxivFixtureServer;
const old = new Date(Date.now() - 100 * 86_400_000);
let clock = Date.now() - 3_600_000;
/** Each comment a minute after the last: the per-user rate limits are tested on their own. */
const tick = () => new Date((clock += 60_000));

function flatten(nodes: CommentNode[]): CommentNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

const upvotes = async () => (await sharedPaper(PAPER))!.upvotes;
const newFeedIds = async () => (await sharedFeed({ feed: "new", limit: 50 })).items.map((item) => item.arxivId);

describe("shared reads are invalidated by every write", () => {
  beforeAll(async () => {
    resetSharedCache();
    arxiv = await startArxivFixtureServer();
    process.env.ARXIV_API_URL = arxiv.baseUrl;
    resetEnvCache();
    await database
      .db()
      .insert(users)
      .values([
        { id: "alice", githubLogin: "alice", createdAt: old },
        { id: "bob", githubLogin: "bob", createdAt: old },
        { id: "mod", githubLogin: "mod", createdAt: old, role: "moderator" },
      ]);
    await database.db().insert(papers).values({ arxivId: PAPER, title: "A paper" });
  });
  afterAll(async () => {
    await stopCacheListener();
    await arxiv.close();
  });

  it("a vote and an un-vote: the paper, its voters and the feeds", async () => {
    expect(await upvotes()).toBe(0);
    expect((await sharedPaperActivity((await sharedPaper(PAPER))!)).voters).toEqual([]);
    const feedBefore = (await sharedFeed({ feed: "new", limit: 50 })).items.find(
      (item) => item.arxivId === PAPER,
    )!.upvotes;
    expect(feedBefore).toBe(0);

    await castVote(testViewer("alice"), PAPER, true);
    expect(await upvotes()).toBe(1);
    expect((await sharedPaperActivity((await sharedPaper(PAPER))!)).voters.map((voter) => voter.login)).toEqual([
      "alice",
    ]);
    expect((await sharedFeed({ feed: "new", limit: 50 })).items.find((item) => item.arxivId === PAPER)!.upvotes).toBe(
      1,
    );

    await castVote(testViewer("alice"), PAPER, false);
    expect(await upvotes()).toBe(0);
    expect((await sharedPaperActivity((await sharedPaper(PAPER))!)).voters).toEqual([]);
    expect((await sharedFeed({ feed: "new", limit: 50 })).items.find((item) => item.arxivId === PAPER)!.upvotes).toBe(
      0,
    );
  });

  it("a comment, a comment vote, an edit, a moderator's hide and restore, a delete", async () => {
    expect(await getCommentTree(PAPER, "best", null)).toEqual([]);
    const comment = await createComment(testViewer("alice"), PAPER, { body: "First *take*" }, tick());
    const [shown] = await getCommentTree(PAPER, "best", null);
    expect(shown!.html).toContain("<em>take</em>");
    expect((await sharedPaper(PAPER))!.commentCount).toBe(1);
    expect(
      (await sharedFeed({ feed: "new", limit: 50 })).items.find((item) => item.arxivId === PAPER)!.commentCount,
    ).toBe(1);

    await voteOnComment(testViewer("bob"), comment.id, true);
    expect((await getCommentTree(PAPER, "best", null))[0]!.upvotes).toBe(1);

    await editComment(testViewer("alice"), comment.id, { body: "Second take" });
    const [edited] = await getCommentTree(PAPER, "best", null);
    expect(edited!.html).toContain("Second take");
    expect(edited!.editedAt).not.toBeNull();

    await setCommentHidden(testViewer("mod", "moderator"), comment.id, true, "off topic");
    const [hidden] = await getCommentTree(PAPER, "best", null);
    expect(hidden).toMatchObject({ state: "removed", html: null, removedHtml: null });
    expect((await sharedPaper(PAPER))!.commentCount).toBe(0);
    // A moderator sees what it said; the same cached thread, read for them.
    expect((await getCommentTree(PAPER, "best", testViewer("mod", "moderator")))[0]!.removedHtml).toContain(
      "Second take",
    );

    await setCommentHidden(testViewer("mod", "moderator"), comment.id, false, "restored");
    expect((await getCommentTree(PAPER, "best", null))[0]!.state).toBe("visible");

    await deleteComment(testViewer("alice"), comment.id);
    const [deleted] = await getCommentTree(PAPER, "best", null);
    expect(deleted).toMatchObject({ state: "deleted", author: null, html: null });
    expect((await sharedPaper(PAPER))!.commentCount).toBe(0);
  });

  it("the personal part never comes from, nor goes into, the cache", async () => {
    const comment = await createComment(testViewer("bob"), PAPER, { body: "bob's words" }, tick());
    await voteOnComment(testViewer("alice"), comment.id, true);
    const readAs = async (id: string | null) =>
      flatten(await getCommentTree(PAPER, "new", id ? testViewer(id) : null)).find((node) => node.id === comment.id)!;
    // Interleaved readers of one cached thread: each sees only their own state.
    for (let round = 0; round < 2; round++) {
      expect(await readAs("bob")).toMatchObject({ canEdit: true, source: "bob's words", upvoted: false });
      expect(await readAs("alice")).toMatchObject({ canEdit: false, source: null, upvoted: true });
      expect(await readAs(null)).toMatchObject({ canEdit: false, source: null, upvoted: false });
    }
  });

  it("an ingest and a submission: the feeds, author pages and the paper itself", async () => {
    expect(await newFeedIds()).not.toContain("2312.00752");
    expect(await sharedPaper("2312.00752")).toBeNull();
    await ingestIds(["2312.00752"], { sleep: async () => {}, delayMs: 0 });
    expect(await newFeedIds()).toContain("2312.00752");
    const mamba = await sharedPaper("2312.00752");
    expect(mamba?.title).toContain("Mamba");
    expect((await sharedAuthorPapers(mamba!.authors[0]!)).map((paper) => paper.arxivId)).toContain("2312.00752");

    expect(await newFeedIds()).not.toContain("2005.14165");
    await submitPaper(testViewer("alice"), { arxivId: "2005.14165", codeUrl: null, projectUrl: null });
    expect(await newFeedIds()).toContain("2005.14165");
  });

  it("a NOTIFY from another connection (another app server) invalidates; a rolled-back one does not", async () => {
    await startCacheListener(database.url());
    const other = postgres(database.url(), { max: 1, onnotice: () => {} });
    try {
      expect(await upvotes()).toBe(0);
      // Another server's write: the row changes and the notification arrives with the commit.
      await other
        .begin(async (tx) => {
          await tx`update papers set upvotes = 41 where arxiv_id = ${PAPER}`;
          await tx`select pg_notify(${CACHE_CHANNEL}, ${invalidationPayload([`paper:${PAPER}`])})`;
          throw new Error("rolled back");
        })
        .catch(() => {});
      await other`update papers set upvotes = 42 where arxiv_id = ${PAPER}`;
      // Not notified: this server keeps serving what it has.
      expect(await upvotes()).toBe(0);
      await other.begin(async (tx) => {
        await tx`update papers set upvotes = 43 where arxiv_id = ${PAPER}`;
        await tx`select pg_notify(${CACHE_CHANNEL}, ${invalidationPayload([`paper:${PAPER}`])})`;
      });
      await vi.waitFor(async () => expect(await upvotes()).toBe(43), { timeout: 2_000, interval: 20 });
    } finally {
      await other.end();
      await database.db().update(papers).set({ upvotes: 0 }).where(eq(papers.arxivId, PAPER));
    }
  });
});
