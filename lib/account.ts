import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { commentReports, comments, moderationLog, subscriptions, users, votes } from "@/db/schema";
import { AppError, unauthorized } from "@/lib/errors";
import { publishEverythingChanged } from "@/lib/shared-cache";
import { lockUserByLogin, requireStaff, type Viewer } from "@/lib/viewer";
import { rewriteSnapshotsSince } from "@/lib/votes";

/**
 * Leaving the site and being removed from it (docs/PRIVACY.md). Both delete the users row,
 * and the database does the rest the same way as for an operator's `DELETE FROM users`:
 * sessions, GitHub link, tokens, votes, comment votes, filed reports and digest
 * subscriptions go by cascade, the counters follow by trigger, and comments stay in their
 * threads as "[deleted user]" with their text removed (drizzle/0012).
 */

export const deleteAccountSchema = z.strictObject({
  login: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
});

export const removeSpammerSchema = z.strictObject({
  login: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  reason: z.string({ error: "must be a string" }).trim().max(500, "must be at most 500 characters").default(""),
});

/** What a deletion took away, for the message that confirms it. */
export interface DeletionSummary {
  login: string;
  votes: number;
  comments: number;
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

interface DoomedUser {
  id: string;
  login: string | null;
  email: string | null;
}

/**
 * Deletes the user row and what the cascades do not reach: a digest subscription made for
 * the same address without signing in (it is the same person's address). Open reports on
 * the user's comments are resolved: the comments are about to lose their text.
 */
async function deleteUserRows(tx: Transaction, user: DoomedUser): Promise<void> {
  await tx
    .update(commentReports)
    .set({ resolvedAt: new Date() })
    .where(and(isNull(commentReports.resolvedAt), inArray(commentReports.commentId, tx.select({ id: comments.id }).from(comments).where(eq(comments.authorId, user.id)))));
  if (user.email) await tx.delete(subscriptions).where(eq(subscriptions.email, user.email.toLowerCase()));
  await tx.delete(users).where(eq(users.id, user.id));
}

/** How many votes and comments the user has, counted before they go. */
async function countWork(tx: Transaction, userId: string): Promise<{ votes: number; comments: number }> {
  const [counted] = await tx.execute<{ votes: number; comments: number }>(sql`
    select (select count(*)::int from votes where user_id = ${userId}) as votes,
           (select count(*)::int from comments where author_id = ${userId}) as comments`);
  return { votes: counted?.votes ?? 0, comments: counted?.comments ?? 0 };
}

/**
 * The signed-in user deletes their own account, confirmed by typing their login (any
 * case). Banned users may leave too. Afterwards the login is free: signing in with GitHub
 * again creates a fresh account. Published daily snapshots are history and stay as they
 * were; the live ranking and the counters move at once.
 */
export async function deleteOwnAccount(viewer: Viewer | null, typedLogin: string): Promise<DeletionSummary> {
  if (!viewer) throw unauthorized();
  const summary = await getDb().transaction(async (tx) => {
    const [me] = await tx
      .select({ id: users.id, login: users.githubLogin, email: users.email })
      .from(users)
      .where(eq(users.id, viewer.id))
      .for("update");
    if (!me) throw unauthorized();
    const expected = me.login ?? me.id;
    if (typedLogin.trim().toLowerCase() !== expected.toLowerCase()) {
      throw new AppError(422, `login: type your login, ${expected}, to confirm`, { field: "login" });
    }
    const work = await countWork(tx, me.id);
    await deleteUserRows(tx, me);
    return { login: expected, ...work };
  });
  // The user's votes and comments were on any number of papers.
  await publishEverythingChanged();
  return summary;
}

/**
 * A moderator removes a spam account with everything it wrote and every vote it cast, in
 * one transaction with its entry in the moderation log. Its comments are deleted, except
 * those that others replied to: those stay as "[deleted user]" without their text, so the
 * replies keep their place. The daily snapshots since its first vote are rewritten, as for
 * a vote weight set to 0 (lib/votes.ts), so that past trending no longer counts it.
 * Moderators cannot remove moderators or administrators; administrators can remove
 * moderators.
 */
export async function removeSpammer(
  actor: Viewer | null,
  targetLogin: string,
  reason: string,
): Promise<DeletionSummary & { snapshotDays: string[] }> {
  const result = await getDb().transaction(async (tx) => {
    const moderator = await requireStaff(tx, actor, "moderator", "Only moderators can remove accounts.");
    const target = await lockUserByLogin(tx, targetLogin);
    if (target.id === moderator.log.moderatorId) throw new AppError(409, "You cannot remove yourself: delete your account from the settings page.");
    if (target.role === "admin" || (target.role === "moderator" && moderator.role !== "admin")) {
      throw new AppError(403, "Only an administrator can remove a moderator, and administrators cannot be removed here.");
    }
    const work = await countWork(tx, target.id);
    const [firstVote] = await tx.select({ at: sql<Date | null>`min(${votes.createdAt})`.mapWith(votes.createdAt) }).from(votes).where(eq(votes.userId, target.id));
    // Each of its comments whose whole subtree is its own goes (its replies with it); a
    // comment with a reply by someone else stays, emptied when the user row goes.
    await tx.execute(sql`
      with recursive subtree(root, id, author_id) as (
        select c.id, c.id, c.author_id from comments c where c.author_id = ${target.id}
        union all
        select s.root, c.id, c.author_id from comments c join subtree s on c.parent_id = s.id
      )
      delete from comments where id in (
        select root from subtree group by root having bool_and(author_id is not distinct from ${target.id}))`);
    await deleteUserRows(tx, target);
    await tx.insert(moderationLog).values({
      ...moderator.log,
      action: "remove_spammer",
      targetLogin: target.login,
      reason: reason || "spam",
    });
    return { login: target.login ?? targetLogin, ...work, firstVoteAt: firstVote?.at ?? null };
  });
  // The user's votes and comments were on any number of papers.
  await publishEverythingChanged();
  const snapshotDays = await rewriteSnapshotsSince(result.firstVoteAt ? [result.firstVoteAt] : []);
  return { login: result.login, votes: result.votes, comments: result.comments, snapshotDays };
}
