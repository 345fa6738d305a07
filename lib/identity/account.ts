import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Transaction } from "@/db/client";
import { commentReports, comments, subscriptions, users } from "@/db/schema";
import { AppError, unauthorized } from "@/lib/errors";
import { publishEverythingChanged } from "@/lib/cache/shared-cache";
import type { Viewer } from "@/lib/identity/viewer";

/**
 * Leaving the site and being removed from it (docs/PRIVACY.md): self-deletion here, a
 * moderator's spammer removal in lib/moderation/moderation.ts through deleteUserRows. Both delete the
 * users row, and the database does the rest the same way as for an operator's `DELETE FROM users`:
 * sessions, GitHub link, tokens, votes, comment votes, filed reports and digest
 * subscriptions go by cascade, the counters follow by trigger, and comments stay in their
 * threads as "[deleted user]" with their text removed (drizzle/0012).
 */

/** A login a reader types to name an account (to confirm a deletion, to name a spammer). */
export const typedLoginSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters");

export const deleteAccountSchema = z.strictObject({ login: typedLoginSchema });

/** What a deletion took away, for the message that confirms it. */
export interface DeletionSummary {
  login: string;
  votes: number;
  comments: number;
}

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
export async function deleteUserRows(tx: Transaction, user: DoomedUser): Promise<void> {
  await tx
    .update(commentReports)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        isNull(commentReports.resolvedAt),
        inArray(
          commentReports.commentId,
          tx.select({ id: comments.id }).from(comments).where(eq(comments.authorId, user.id)),
        ),
      ),
    );
  if (user.email) await tx.delete(subscriptions).where(eq(subscriptions.email, user.email.toLowerCase()));
  await tx.delete(users).where(eq(users.id, user.id));
}

/** How many votes and comments the user has, counted before they go. */
export async function countWork(tx: Transaction, userId: string): Promise<{ votes: number; comments: number }> {
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
