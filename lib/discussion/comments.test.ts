import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { comments, papers, users } from "@/db/schema";
import { BUDGET_PROBLEMS, renderCommentBody } from "./markdown";
import {
  createComment,
  deleteComment,
  editComment,
  getCommentTree,
  EDIT_RATE_LIMITS,
  COMMENT_RATE_LIMITS,
  NEW_ACCOUNT_COMMENT_RATE_LIMITS,
  commentRateLimits,
  isNewCommenter,
  MAX_COMMENT_DEPTH,
  newCommentSchema,
  rerenderAllComments,
  voteOnComment,
} from "./comments";
import { wilsonLowerBound } from "../ranking/ranking";
import { testViewer } from "@/testing/viewers";
import { flattenThread, insertThreadCast, minuteApart, storedCommentCount } from "@/testing/threads";

const database = withTestDatabase();
const DAY = 86_400_000;
const as = testViewer;
const tick = minuteApart(new Date("2026-11-27T10:00:00Z"));

describe("comments", () => {
  beforeAll(async () => {
    await insertThreadCast([{ id: "fresh", githubLogin: "fresh", createdAt: new Date() }]);
  });

  it("threads replies and counts comments on the paper", async () => {
    const root = await createComment(as("alice"), "2401.00001", { body: "Is $x^2$ right?" }, tick());
    const reply = await createComment(as("bob"), "2401.00001", { body: "Yes.", parentId: root.id }, tick());
    expect(reply).toMatchObject({ parentId: root.id, depth: 1, author: "bob", state: "visible" });
    expect(root.html).toContain("katex");
    const tree = await getCommentTree("2401.00001", "best", null);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children.map((child) => child.id)).toEqual([reply.id]);
    expect(await storedCommentCount("2401.00001")).toBe(2);
  });

  it(`caps depth at ${MAX_COMMENT_DEPTH} levels: a deeper reply attaches at the deepest level`, async () => {
    let parentId = (await createComment(as("carol"), "2401.00001", { body: "level 0" }, tick())).id;
    const depths: number[] = [0];
    for (let level = 1; level <= 11; level++) {
      const reply = await createComment(
        as(level % 2 ? "alice" : "carol"),
        "2401.00001",
        { body: `level ${level}`, parentId },
        tick(),
      );
      depths.push(reply.depth);
      parentId = reply.id;
    }
    expect(Math.max(...depths)).toBe(MAX_COMMENT_DEPTH - 1);
    expect(depths.slice(0, MAX_COMMENT_DEPTH)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(depths.slice(MAX_COMMENT_DEPTH)).toEqual([7, 7, 7, 7]);
  });

  it("refuses a parent from another paper", async () => {
    await database.db().insert(papers).values({ arxivId: "2401.00002", title: "Another" });
    const elsewhere = await createComment(as("alice"), "2401.00002", { body: "elsewhere" }, tick());
    await expect(
      createComment(as("bob"), "2401.00001", { body: "x", parentId: elsewhere.id }, tick()),
    ).rejects.toMatchObject({
      status: 400,
      details: { field: "parentId" },
    });
  });

  it("validates the body: 1 to 10,000 characters, not only spaces", () => {
    expect(newCommentSchema.safeParse({ body: "   " }).success).toBe(false);
    expect(newCommentSchema.safeParse({ body: "x".repeat(10_001) }).success).toBe(false);
    expect(newCommentSchema.safeParse({ body: "x".repeat(10_000) }).success).toBe(true);
    expect(newCommentSchema.safeParse({ body: "ok", extra: 1 }).success).toBe(false);
  });

  it("lets the author edit (marked edited) and delete (replies stay); nobody else", async () => {
    const root = await createComment(as("alice"), "2401.00001", { body: "first draft" }, tick());
    const reply = await createComment(as("bob"), "2401.00001", { body: "a reply", parentId: root.id }, tick());
    await expect(editComment(as("bob"), root.id, { body: "hijack" })).rejects.toMatchObject({ status: 403 });
    await expect(deleteComment(as("bob"), root.id)).rejects.toMatchObject({ status: 403 });
    const edited = await editComment(as("alice"), root.id, { body: "second draft" });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.body).toBe("second draft");

    const before = await storedCommentCount("2401.00001");
    await deleteComment(as("alice"), root.id);
    expect(await storedCommentCount("2401.00001")).toBe(before - 1);
    const node = flattenThread(await getCommentTree("2401.00001", "new", null)).find((n) => n.id === root.id)!;
    expect(node.state).toBe("deleted");
    expect(node.html).toBeNull();
    expect(node.author).toBeNull();
    expect(node.children.map((child) => child.id)).toEqual([reply.id]);
    await expect(editComment(as("alice"), root.id, { body: "undelete" })).rejects.toMatchObject({ status: 409 });
  });

  it("rate-limits comments: a burst of 5 in 2 minutes, 30 an hour, 100 a day; new accounts tighter", async () => {
    // Relative to the real clock: "new account" is measured from the account's creation.
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000 + 2 * 3600_000;
    const at = (seconds: number) => new Date(hour + seconds * 1000);
    await database
      .db()
      .insert(users)
      .values([
        {
          id: "talker",
          githubLogin: "talker",
          createdAt: new Date(Date.now() - 100 * DAY),
          githubCreatedAt: new Date(Date.now() - 900 * DAY),
        },
        {
          id: "young-gh",
          githubLogin: "young-gh",
          createdAt: new Date(Date.now() - 100 * DAY),
          githubCreatedAt: new Date(Date.now() - 10 * DAY),
        },
      ]);
    // A conversation: five replies within two minutes pass, the sixth waits for the window.
    for (let i = 0; i < 5; i++) await createComment(as("talker"), "2401.00001", { body: `reply ${i}` }, at(i * 10));
    await expect(createComment(as("talker"), "2401.00001", { body: "sixth" }, at(60))).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining("at most 5 every 2 minutes"),
      details: { retryAfterSeconds: 60 },
    });
    // Sustained volume: 30 an hour, however they are spread.
    let posted = 5;
    for (let window = 1; posted < 30; window++) {
      for (let i = 0; i < 5 && posted < 30; i++, posted++)
        await createComment(as("talker"), "2401.00001", { body: `more ${posted}` }, at(window * 120 + i));
    }
    await expect(createComment(as("talker"), "2401.00001", { body: "31st" }, at(3000))).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining("at most 30 every hour"),
    });
    // New accounts: under 14 days here, or a GitHub account under 30 days, get 3 in 2 minutes.
    for (const id of ["fresh", "young-gh"]) {
      for (let i = 0; i < 3; i++) await createComment(as(id), "2401.00001", { body: `hello ${i}` }, at(i));
      await expect(createComment(as(id), "2401.00001", { body: "again" }, at(20))).rejects.toMatchObject({
        status: 429,
      });
    }
  });

  it("says which accounts are new for the comment limits, as the ranking does", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    expect(isNewCommenter({ joinedAt: daysAgo(20), githubCreatedAt: daysAgo(400) }, now)).toBe(false);
    expect(isNewCommenter({ joinedAt: daysAgo(13), githubCreatedAt: daysAgo(400) }, now)).toBe(true);
    expect(isNewCommenter({ joinedAt: daysAgo(20), githubCreatedAt: daysAgo(29) }, now)).toBe(true);
    expect(isNewCommenter({ joinedAt: daysAgo(20), githubCreatedAt: null }, now)).toBe(true);
    expect(commentRateLimits({ joinedAt: daysAgo(20), githubCreatedAt: daysAgo(400) }, now)).toBe(COMMENT_RATE_LIMITS);
    expect(commentRateLimits({ joinedAt: daysAgo(1), githubCreatedAt: daysAgo(400) }, now)).toBe(
      NEW_ACCOUNT_COMMENT_RATE_LIMITS,
    );
  });

  it("orders Best by the Wilson lower bound with a stable tie-breaker, and upvotes are idempotent", async () => {
    await database.db().insert(papers).values({ arxivId: "2401.00003", title: "Ordering" });
    const a = await createComment(as("alice"), "2401.00003", { body: "a" }, tick());
    const b = await createComment(as("bob"), "2401.00003", { body: "b" }, tick());
    const c = await createComment(as("carol"), "2401.00003", { body: "c" }, tick());
    expect(await voteOnComment(as("alice"), b.id, true)).toEqual({ upvoted: true, upvotes: 1 });
    expect(await voteOnComment(as("alice"), b.id, true)).toEqual({ upvoted: true, upvotes: 1 });
    await voteOnComment(as("carol"), b.id, true);
    await voteOnComment(as("alice"), c.id, true);
    await expect(voteOnComment(as("alice"), a.id, true)).rejects.toMatchObject({ status: 403 });
    const best = (await getCommentTree("2401.00003", "best", as("alice"))).map((node) => node.id);
    expect(best).toEqual([b.id, c.id, a.id]);
    const newest = (await getCommentTree("2401.00003", "new", null)).map((node) => node.id);
    expect(newest).toEqual([c.id, b.id, a.id]);
    expect((await getCommentTree("2401.00003", "best", as("alice"))).find((n) => n.id === b.id)?.upvoted).toBe(true);
    expect(await voteOnComment(as("alice"), b.id, false)).toEqual({ upvoted: false, upvotes: 1 });
    expect(wilsonLowerBound(30, 1)).toBeGreaterThan(wilsonLowerBound(3, 0));
  });

  describe("rendered once, when written", () => {
    const storedHtmlOf = async (id: number) =>
      (await database.db().select({ html: comments.bodyHtml }).from(comments).where(eq(comments.id, id)))[0]?.html;
    /** A comment row as one written before migration 0010 left it: no stored HTML. */
    const insertRowWithoutHtml = async (authorId: string, body: string) => {
      const [paper] = await database
        .db()
        .select({ id: papers.id })
        .from(papers)
        .where(eq(papers.arxivId, "2401.00009"));
      const [row] = await database
        .db()
        .insert(comments)
        .values({ paperId: paper!.id, authorId, body })
        .returning({ id: comments.id });
      return row!;
    };

    beforeAll(async () => {
      await database.db().insert(papers).values({ arxivId: "2401.00009", title: "Stored HTML" });
      await database
        .db()
        .insert(users)
        .values({ id: "writer", githubLogin: "writer", createdAt: new Date(Date.now() - 100 * DAY) });
    });

    it("stores the HTML with the comment and on each edit, and views read the stored HTML", async () => {
      const created = await createComment(as("writer"), "2401.00009", { body: "First **draft** with $x^2$." }, tick());
      expect(await storedHtmlOf(created.id)).toBe(renderCommentBody("First **draft** with $x^2$.").html);
      expect(created.html).toBe(await storedHtmlOf(created.id));
      const edited = await editComment(as("writer"), created.id, { body: "Second _draft_." }, tick());
      expect(await storedHtmlOf(created.id)).toBe("<p>Second <em>draft</em>.</p>");
      expect(edited.html).toBe("<p>Second <em>draft</em>.</p>");
      // What a view shows is the stored HTML, not a render of the body.
      await database.db().update(comments).set({ bodyHtml: "<p>stored</p>" }).where(eq(comments.id, created.id));
      const [node] = (await getCommentTree("2401.00009", "new", null)).filter((comment) => comment.id === created.id);
      expect(node!.html).toBe("<p>stored</p>");
      await deleteComment(as("writer"), created.id);
      expect(await storedHtmlOf(created.id)).toBeNull();
      // Whatever statement deletes a comment (a deleted account's trigger does), its HTML goes too.
      const other = await createComment(as("writer"), "2401.00009", { body: "Soon gone." }, tick());
      await database.db().update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, other.id));
      expect(await storedHtmlOf(other.id)).toBeNull();
    });

    it("renders and stores the HTML of older rows on first view", async () => {
      const old = await insertRowWithoutHtml("writer", "From before **0010**.");
      expect(await storedHtmlOf(old.id)).toBeNull();
      const tree = await getCommentTree("2401.00009", "new", null);
      expect(tree.find((comment) => comment.id === old.id)?.html).toBe("<p>From before <strong>0010</strong>.</p>");
      expect(await storedHtmlOf(old.id)).toBe("<p>From before <strong>0010</strong>.</p>");
    });

    it("refuses a body over a render budget with a 400 naming the body and the budget", async () => {
      const issueInput = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";
      await expect(createComment(as("writer"), "2401.00009", { body: issueInput }, tick())).rejects.toMatchObject({
        status: 400,
        message: `body: ${BUDGET_PROBLEMS.formulaSource}`,
        details: { field: "body" },
      });
      const ok = await createComment(as("writer"), "2401.00009", { body: "fine" }, tick());
      await expect(editComment(as("writer"), ok.id, { body: "$\\def\\a{\\a\\a}\\a$" }, tick())).rejects.toMatchObject({
        status: 400,
        message: `body: ${BUDGET_PROBLEMS.macros}`,
      });
      expect(await storedHtmlOf(ok.id)).toBe("<p>fine</p>");
    });

    it("rate-limits edits", async () => {
      const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 7200_000);
      const mine = await createComment(as("carol"), "2401.00009", { body: "v0" }, at);
      const perMinute = EDIT_RATE_LIMITS[0]!.limit;
      for (let edit = 1; edit <= perMinute; edit += 1) {
        await editComment(as("carol"), mine.id, { body: `v${edit}` }, new Date(at.getTime() + edit * 1000));
      }
      await expect(
        editComment(as("carol"), mine.id, { body: "one too many" }, new Date(at.getTime() + 30_000)),
      ).rejects.toMatchObject({
        status: 429,
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect(await storedHtmlOf(mine.id)).toBe(`<p>v${perMinute}</p>`);
    });

    it("re-renders every stored comment after a renderer change (npm run comments:rerender)", async () => {
      const written = await createComment(as("bob"), "2401.00009", { body: "Re-render **me**." }, tick());
      // As if an older renderer had written different HTML, and as if a row predated 0010.
      await database.db().update(comments).set({ bodyHtml: "<p>old renderer</p>" }).where(eq(comments.id, written.id));
      const legacy = await insertRowWithoutHtml("bob", "Legacy _row_.");
      const first = await rerenderAllComments(2);
      expect(first.changed).toBeGreaterThanOrEqual(2);
      expect(await storedHtmlOf(written.id)).toBe("<p>Re-render <strong>me</strong>.</p>");
      expect(await storedHtmlOf(legacy.id)).toBe("<p>Legacy <em>row</em>.</p>");
      const all = await database
        .db()
        .select({ body: comments.body, html: comments.bodyHtml, deletedAt: comments.deletedAt })
        .from(comments);
      for (const row of all.filter((comment) => !comment.deletedAt))
        expect(row.html).toBe(renderCommentBody(row.body).html);
      expect(await rerenderAllComments()).toEqual({ comments: first.comments, changed: 0 });
    });
  });
});
