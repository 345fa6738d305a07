import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { commentReports, comments, commentVotes, papers, users } from "@/db/schema";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import { AppError } from "@/lib/errors";
import { renderForStorage, storedHtml } from "@/lib/discussion/comment-html";
import { enforceRateLimit, type RateLimitRule } from "@/lib/http/rate-limit";
import { SITE_AGE_FOR_FULL_WEIGHT_DAYS, wilsonLowerBound, YOUNG_GITHUB_ACCOUNT_DAYS } from "@/lib/ranking/ranking";
import type { CommentJson } from "@/lib/http/api-schemas";
import { assertCanWrite, isModerator, loadWriter } from "@/lib/moderation/moderation";
import type { Viewer } from "@/lib/identity/viewer";
import { followDiscussionOnParticipation } from "@/lib/reader/follows";
import { cached, invalidateTags, notifyStatement, paperTag, publishChange, threadTags } from "@/lib/cache/shared-cache";
import { metrics } from "@/lib/server/metrics";
import { notifyMentions, notifyNewComment, withdrawCommentNotifications } from "@/lib/reader/notifications";

/**
 * Threaded discussion: comments, their votes and readers' reports. Every write checks who
 * may do it here, against the database (the ban: lib/moderation/moderation.ts). What moderators do to
 * comments (hide, restore, the reports queue) is in lib/moderation/moderation.ts.
 */

/** Replies deeper than this attach at the deepest level instead (depth counts from 0). */
export const MAX_COMMENT_DEPTH = 8;
// Rendering is kept in its own module, which scripts import without the auth stack.
export { rerenderAllComments } from "@/lib/discussion/comment-html";
export const MAX_COMMENT_LENGTH = 10_000;
export const DELETED_TEXT = "[deleted]";
export const REMOVED_TEXT = "[removed by a moderator]";

/**
 * Comment rates (docs/SECURITY.md, "Comments"): a conversation needs a few replies in a row,
 * so the short window allows a burst; the hour and the day cap sustained volume, which is
 * what flooding needs. Windows are fixed (lib/http/rate-limit.ts).
 */
export const COMMENT_RATE_LIMITS: RateLimitRule[] = [
  { what: "comments", limit: 5, windowSeconds: 120 },
  { what: "comments", limit: 30, windowSeconds: 3600 },
  { what: "comments", limit: 100, windowSeconds: 86_400 },
];
/** New accounts (isNewCommenter): a smaller burst and less a day, so a throwaway account cannot flood a thread. */
export const NEW_ACCOUNT_COMMENT_RATE_LIMITS: RateLimitRule[] = [
  { what: "comments", limit: 3, windowSeconds: 120 },
  { what: "comments", limit: 10, windowSeconds: 3600 },
  { what: "comments", limit: 20, windowSeconds: 86_400 },
];

/**
 * A new account as docs/RANKING.md defines one for vote weights: under
 * SITE_AGE_FOR_FULL_WEIGHT_DAYS on Paperboard, or a GitHub account under
 * YOUNG_GITHUB_ACCOUNT_DAYS old (an unknown GitHub age counts as young).
 */
export function isNewCommenter(writer: { joinedAt: Date; githubCreatedAt: Date | null }, now: Date): boolean {
  const days = (since: Date) => (now.getTime() - since.getTime()) / 86_400_000;
  return (
    days(writer.joinedAt) < SITE_AGE_FOR_FULL_WEIGHT_DAYS ||
    writer.githubCreatedAt === null ||
    days(writer.githubCreatedAt) < YOUNG_GITHUB_ACCOUNT_DAYS
  );
}

/** The rules a comment by this writer is counted against. */
export function commentRateLimits(
  writer: { joinedAt: Date; githubCreatedAt: Date | null },
  now: Date,
): RateLimitRule[] {
  return isNewCommenter(writer, now) ? NEW_ACCOUNT_COMMENT_RATE_LIMITS : COMMENT_RATE_LIMITS;
}
/**
 * Edits are writes too: each one renders the body again (bounded, but not free) and changes
 * what every reader sees, so they are limited like new comments, a little more loosely.
 */
export const EDIT_RATE_LIMITS: RateLimitRule[] = [
  { what: "edits", limit: 5, windowSeconds: 60 },
  { what: "edits", limit: 100, windowSeconds: 86_400 },
];
/** Previews render like a post (same budgets) but store nothing; the live preview asks as the reader types. */
export const PREVIEW_RATE_LIMIT: RateLimitRule = { what: "previews", limit: 120, windowSeconds: 60 };
export const REPORT_RATE_LIMIT: RateLimitRule = { what: "reports", limit: 20, windowSeconds: 3600 };
export const COMMENT_VOTE_RATE_LIMIT: RateLimitRule = { what: "votes", limit: 60, windowSeconds: 60 };

/**
 * PostgreSQL cannot store U+0000 in text; it is replaced rather than refused, so that a
 * pasted comment is never lost for an invisible character.
 */
export function storableText(value: string): string {
  return value.replaceAll("\u0000", "\uFFFD");
}

const body = z
  .string({ error: "must be a string" })
  .transform((value) => storableText(value.replace(/\r\n?/g, "\n")))
  .refine((value) => value.trim().length >= 1, "must not be empty")
  .refine((value) => value.length <= MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`);

export const newCommentSchema = z.strictObject({
  body,
  parentId: z.number({ error: "must be a comment id" }).int().positive().nullish(),
});
export const editCommentSchema = z.strictObject({ body });
export const reportSchema = z.strictObject({
  reason: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(500, "must be at most 500 characters")
    .transform(storableText),
});
export const commentVoteSchema = z.strictObject({ upvoted: z.boolean({ error: "must be true or false" }) });

export type CommentOrder = "best" | "new";

export interface CommentNode {
  id: number;
  parentId: number | null;
  depth: number;
  author: { login: string; name: string | null; image: string | null } | null;
  /** The author deleted their account: shown as "[deleted user]" (docs/PRIVACY.md). */
  authorDeleted: boolean;
  /** Sanitized HTML; for a deleted or removed comment, null (the UI shows the marker). */
  html: string | null;
  /** The markdown source, for the author's edit form; null unless the viewer may edit. */
  source: string | null;
  state: "visible" | "deleted" | "removed";
  createdAt: Date;
  editedAt: Date | null;
  upvotes: number;
  upvoted: boolean;
  canEdit: boolean;
  /** Moderators see what a removed comment said. */
  removedHtml: string | null;
  children: CommentNode[];
}

async function paperIdOf(arxivId: string): Promise<number> {
  const id = parseArxivId(arxivId)?.id;
  const [paper] = id ? await getDb().select({ id: papers.id }).from(papers).where(eq(papers.arxivId, id)) : [];
  if (!paper) throw new AppError(404, "No paper with that arXiv id.");
  return paper.id;
}

/** One comment as every reader sees it, rendered once per cache fill (lib/cache/shared-cache.ts). */
interface SharedComment {
  id: number;
  parentId: number | null;
  depth: number;
  /** Null once the author deleted their account. */
  authorId: string | null;
  author: CommentNode["author"];
  authorDeleted: boolean;
  /** The markdown source, handed only to its author (for the edit form). */
  body: string;
  /** Rendered body: of a visible comment for everyone, of a removed one for moderators only. */
  html: string | null;
  state: CommentNode["state"];
  createdAt: Date;
  editedAt: Date | null;
  upvotes: number;
}

/** How long a thread stays cached without a write (writes invalidate it at once). */
const THREAD_TTL_MS = 60_000;

/**
 * The paper's comments as every reader sees them, in creation order, with their markdown
 * rendered: cached per paper and invalidated by every write to its thread. A 404 AppError for
 * an unknown paper (not cached).
 */
function getSharedThread(arxivId: string): Promise<SharedComment[]> {
  const id = parseArxivId(arxivId)?.id;
  if (!id) return Promise.reject(new AppError(404, "No paper with that arXiv id."));
  return cached(`thread:${id}`, [paperTag(id)], THREAD_TTL_MS, async () => {
    const paperId = await paperIdOf(id);
    const rows = await getDb()
      .select({
        id: comments.id,
        parentId: comments.parentId,
        depth: comments.depth,
        body: comments.body,
        bodyHtml: comments.bodyHtml,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        deletedAt: comments.deletedAt,
        hiddenAt: comments.hiddenAt,
        upvotes: comments.upvotes,
        authorId: comments.authorId,
        login: users.githubLogin,
        name: users.name,
        image: users.image,
      })
      .from(comments)
      // A deleted user's comments have no author any more, and keep their place in the tree.
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(eq(comments.paperId, paperId))
      .orderBy(asc(comments.createdAt), asc(comments.id));
    // Stored when written (lib/discussion/comment-html.ts); rows from before that are rendered and stored here.
    const html = await storedHtml(rows.filter((row) => !row.deletedAt));
    return rows.map((row): SharedComment => {
      const state = row.deletedAt ? "deleted" : row.hiddenAt ? "removed" : "visible";
      return {
        id: row.id,
        parentId: row.parentId,
        depth: row.depth,
        authorId: row.authorId,
        author: state === "deleted" || !row.login ? null : { login: row.login, name: row.name, image: row.image },
        authorDeleted: row.authorId === null,
        body: row.body,
        html: state === "deleted" ? null : (html.get(row.id) ?? null),
        state,
        createdAt: row.createdAt,
        editedAt: row.editedAt,
        upvotes: row.upvotes,
      };
    });
  });
}

/**
 * The paper's discussion as a tree, siblings in the chosen order, with a stable tie-breaker.
 * The shared part comes from the cache; what is the viewer's own (their upvotes, the edit
 * controls and source of their comments, what a moderator sees of removed ones) is added
 * here, on new objects, so that nothing of one reader reaches the cache or another reader.
 */
export async function getCommentTree(
  arxivId: string,
  order: CommentOrder,
  viewer: Viewer | null,
): Promise<CommentNode[]> {
  const shared = await getSharedThread(arxivId);
  const upvotedIds = new Set(
    viewer && shared.length > 0
      ? (
          await getDb()
            .select({ id: commentVotes.commentId })
            .from(commentVotes)
            .where(
              and(
                eq(commentVotes.userId, viewer.id),
                inArray(
                  commentVotes.commentId,
                  shared.map((row) => row.id),
                ),
              ),
            )
        ).map((row) => row.id)
      : [],
  );
  const moderator = isModerator(viewer);
  const nodes = new Map<number, CommentNode>();
  for (const row of shared) {
    const canEdit = row.state === "visible" && viewer?.id === row.authorId && !viewer.banned;
    nodes.set(row.id, {
      id: row.id,
      parentId: row.parentId,
      depth: row.depth,
      author: row.author,
      authorDeleted: row.authorDeleted,
      html: row.state === "visible" ? row.html : null,
      source: canEdit ? row.body : null,
      state: row.state,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      upvotes: row.upvotes,
      upvoted: upvotedIds.has(row.id),
      canEdit,
      removedHtml: row.state === "removed" && moderator ? row.html : null,
      children: [],
    });
  }
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const compare =
    order === "new"
      ? (a: CommentNode, b: CommentNode) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id
      : (a: CommentNode, b: CommentNode) =>
          wilsonLowerBound(b.upvotes, 0) - wilsonLowerBound(a.upvotes, 0) ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          a.id - b.id;
  const sortTree = (list: CommentNode[]) => {
    list.sort(compare);
    for (const node of list) sortTree(node.children);
  };
  sortTree(roots);
  return roots;
}

async function arxivIdOfComment(commentId: number): Promise<string | null> {
  const [row] = await getDb()
    .select({ arxivId: papers.arxivId })
    .from(comments)
    .innerJoin(papers, eq(papers.id, comments.paperId))
    .where(eq(comments.id, commentId));
  return row?.arxivId ?? null;
}

/**
 * The paper's newest visible comments with their markdown, for its syndication feed.
 * Deleted and removed comments are left out in the query, so their text never leaves the
 * site this way. An unknown paper is a 404 AppError, as everywhere in this module.
 */
export async function listFeedComments(
  arxivId: string,
  limit: number,
): Promise<
  { id: number; parentId: number | null; body: string; author: string; createdAt: Date; editedAt: Date | null }[]
> {
  const paperId = await paperIdOf(arxivId);
  const rows = await getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      login: users.githubLogin,
      name: users.name,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.paperId, paperId), isNull(comments.deletedAt), isNull(comments.hiddenAt)))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(limit);
  return rows.map(({ login, name, ...row }) => ({ ...row, author: login ?? name ?? "someone" }));
}

export function commentNodeToJson(node: CommentNode, withChildren = true): CommentJson {
  return {
    id: node.id,
    parentId: node.parentId,
    depth: node.depth,
    author: node.author?.login ?? null,
    body: node.state === "visible" ? (node.source ?? null) : node.state === "deleted" ? DELETED_TEXT : REMOVED_TEXT,
    html: node.html,
    state: node.state,
    createdAt: node.createdAt.toISOString(),
    editedAt: node.editedAt?.toISOString() ?? null,
    upvotes: node.upvotes,
    ...(withChildren ? { children: node.children.map((child) => commentNodeToJson(child)) } : {}),
  };
}

/** A row just written, with its stored HTML. */
function rowToJson(row: typeof comments.$inferSelect, authorLogin: string | null): CommentJson {
  const state = row.deletedAt ? "deleted" : row.hiddenAt ? "removed" : "visible";
  return {
    id: row.id,
    parentId: row.parentId,
    depth: row.depth,
    author: state === "deleted" ? null : authorLogin,
    body: state === "visible" ? row.body : state === "deleted" ? DELETED_TEXT : REMOVED_TEXT,
    html: state === "visible" ? row.bodyHtml : null,
    state,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    upvotes: row.upvotes,
  };
}

export async function createComment(
  viewer: Viewer | null,
  arxivId: string,
  input: z.infer<typeof newCommentSchema>,
  now = new Date(),
): Promise<CommentJson> {
  assertCanWrite(viewer);
  const writer = await loadWriter(viewer);
  const paperId = await paperIdOf(arxivId);
  for (const rule of commentRateLimits(writer, now)) {
    await enforceRateLimit(`comment:user:${viewer.id}:${rule.windowSeconds}`, rule, now);
  }
  const { html: bodyHtml, mentions } = await renderForStorage(input.body);
  const tags = threadTags(parseArxivId(arxivId)!.id);
  const created = await getDb().transaction(async (tx) => {
    let parentId: number | null = input.parentId ?? null;
    let depth = 0;
    let parentAuthorId: string | null = null;
    if (parentId !== null) {
      const [parent] = await tx.select().from(comments).where(eq(comments.id, parentId));
      if (!parent || parent.paperId !== paperId)
        throw new AppError(400, "parentId: no such comment on this paper", { field: "parentId" });
      parentAuthorId = parent.deletedAt ? null : parent.authorId;
      // Past the deepest level a reply joins its parent's siblings' level, never deeper.
      let anchor = parent;
      while (anchor.depth >= MAX_COMMENT_DEPTH - 1 && anchor.parentId !== null) {
        const [up] = await tx.select().from(comments).where(eq(comments.id, anchor.parentId));
        if (!up) break;
        anchor = up;
      }
      parentId = anchor.id;
      depth = anchor.depth + 1;
    }
    const [row] = await tx
      .insert(comments)
      .values({ paperId, parentId, depth, authorId: viewer.id, body: input.body, bodyHtml, createdAt: now })
      .returning();
    await tx
      .update(papers)
      .set({ commentCount: sql`${papers.commentCount} + 1` })
      .where(eq(papers.id, paperId));
    // Commenting follows the discussion, unless the reader unfollowed it before.
    await followDiscussionOnParticipation(tx, viewer.id, paperId);
    await notifyNewComment(tx, { commentId: row!.id, paperId, authorId: viewer.id, parentAuthorId, mentions, now });
    await tx.execute(notifyStatement(tags));
    return rowToJson(row!, writer.login);
  });
  invalidateTags(tags);
  metrics.comments.inc();
  return created;
}

/**
 * What a comment would look like, before it is posted: the same renderer and render budgets
 * as createComment (lib/discussion/comment-html.ts), nothing stored. A body over a budget is refused
 * with the reason a post would get, so the preview warns before posting.
 */
export async function previewComment(viewer: Viewer | null, input: z.infer<typeof editCommentSchema>): Promise<string> {
  assertCanWrite(viewer);
  await loadWriter(viewer);
  await enforceRateLimit(`comment-preview:user:${viewer.id}`, PREVIEW_RATE_LIMIT);
  return (await renderForStorage(input.body)).html;
}

async function ownComment(viewer: Viewer, commentId: number) {
  const [row] = await getDb().select().from(comments).where(eq(comments.id, commentId));
  if (!row) throw new AppError(404, "No such comment.");
  if (row.authorId !== viewer.id) throw new AppError(403, "Only the author can change this comment.");
  if (row.deletedAt) throw new AppError(409, "This comment was deleted.");
  if (row.hiddenAt) throw new AppError(409, "This comment was removed by a moderator.");
  return row;
}

export async function editComment(
  viewer: Viewer | null,
  commentId: number,
  input: z.infer<typeof editCommentSchema>,
  now = new Date(),
): Promise<CommentJson> {
  assertCanWrite(viewer);
  const writer = await loadWriter(viewer);
  await ownComment(viewer, commentId);
  for (const rule of EDIT_RATE_LIMITS) {
    await enforceRateLimit(`comment-edit:user:${viewer.id}:${rule.windowSeconds}`, rule, now);
  }
  const { html: bodyHtml, mentions } = await renderForStorage(input.body);
  const row = await getDb().transaction(async (tx) => {
    const [updated] = await tx
      .update(comments)
      .set({ body: input.body, bodyHtml, editedAt: now })
      .where(
        and(
          eq(comments.id, commentId),
          eq(comments.authorId, viewer.id),
          isNull(comments.deletedAt),
          isNull(comments.hiddenAt),
        ),
      )
      .returning();
    if (!updated) throw new AppError(409, "The comment changed meanwhile; reload and try again.");
    await notifyMentions(tx, { commentId, paperId: updated.paperId, authorId: viewer.id, mentions, now });
    return updated;
  });
  await publishChange(threadTags((await arxivIdOfComment(commentId))!));
  return rowToJson(row, writer.login);
}

/** The author deletes: the text becomes "[deleted]", replies stay in place. */
export async function deleteComment(viewer: Viewer | null, commentId: number): Promise<void> {
  assertCanWrite(viewer);
  await loadWriter(viewer);
  await ownComment(viewer, commentId);
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(comments)
      .set({ body: DELETED_TEXT, bodyHtml: null, deletedAt: new Date() })
      .where(and(eq(comments.id, commentId), eq(comments.authorId, viewer.id), isNull(comments.deletedAt)))
      .returning({ paperId: comments.paperId, hiddenAt: comments.hiddenAt });
    if (row && !row.hiddenAt) {
      await tx
        .update(papers)
        .set({ commentCount: sql`greatest(0, ${papers.commentCount} - 1)` })
        .where(eq(papers.id, row.paperId));
    }
    if (row) await withdrawCommentNotifications(tx, commentId);
  });
  const arxivId = await arxivIdOfComment(commentId);
  if (arxivId) await publishChange(threadTags(arxivId));
}

export async function voteOnComment(
  viewer: Viewer | null,
  commentId: number,
  upvoted: boolean,
): Promise<{ upvoted: boolean; upvotes: number }> {
  assertCanWrite(viewer);
  await loadWriter(viewer);
  await enforceRateLimit(`comment-vote:user:${viewer.id}`, COMMENT_VOTE_RATE_LIMIT);
  const result = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${viewer.id}), ${commentId})`);
    const [comment] = await tx
      .select({
        authorId: comments.authorId,
        deletedAt: comments.deletedAt,
        hiddenAt: comments.hiddenAt,
        upvotes: comments.upvotes,
      })
      .from(comments)
      .where(eq(comments.id, commentId));
    if (!comment) throw new AppError(404, "No such comment.");
    if (comment.authorId === viewer.id) throw new AppError(403, "You cannot upvote your own comment.");
    if (upvoted && (comment.deletedAt || comment.hiddenAt))
      throw new AppError(409, "This comment can no longer be upvoted.");
    const changed = upvoted
      ? await tx
          .insert(commentVotes)
          .values({ userId: viewer.id, commentId })
          .onConflictDoNothing()
          .returning({ id: commentVotes.commentId })
      : await tx
          .delete(commentVotes)
          .where(and(eq(commentVotes.userId, viewer.id), eq(commentVotes.commentId, commentId)))
          .returning({ id: commentVotes.commentId });
    if (changed.length === 0) return { upvoted, upvotes: comment.upvotes };
    // A removed vote is uncounted by the comment_votes trigger (drizzle/0012), as any
    // delete of comment votes is; an added one is counted here.
    const [row] = upvoted
      ? await tx
          .update(comments)
          .set({ upvotes: sql`${comments.upvotes} + 1` })
          .where(eq(comments.id, commentId))
          .returning({ upvotes: comments.upvotes })
      : await tx.select({ upvotes: comments.upvotes }).from(comments).where(eq(comments.id, commentId));
    return { upvoted, upvotes: row!.upvotes, changed: true };
  });
  if ("changed" in result) {
    const arxivId = await arxivIdOfComment(commentId);
    if (arxivId) await publishChange([paperTag(arxivId)]);
  }
  return { upvoted: result.upvoted, upvotes: result.upvotes };
}

export async function reportComment(viewer: Viewer | null, commentId: number, reason: string): Promise<void> {
  assertCanWrite(viewer);
  await loadWriter(viewer);
  await enforceRateLimit(`report:user:${viewer.id}`, REPORT_RATE_LIMIT);
  const [comment] = await getDb().select({ id: comments.id }).from(comments).where(eq(comments.id, commentId));
  if (!comment) throw new AppError(404, "No such comment.");
  const inserted = await getDb()
    .insert(commentReports)
    .values({ commentId, reporterId: viewer.id, reason })
    .onConflictDoNothing()
    .returning({ id: commentReports.id });
  if (inserted.length === 0) throw new AppError(409, "You have already reported this comment.");
}
