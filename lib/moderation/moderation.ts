import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { commentReports, comments, moderationLog, papers, users, voteBuckets, votes } from "@/db/schema";
import { countWork, deleteUserRows, typedLoginSchema, type DeletionSummary } from "@/lib/identity/account";
import { AppError, unauthorized } from "@/lib/errors";
import {
  notifyModeration,
  withdrawCommentNotifications,
  withdrawNotificationsByActor,
} from "@/lib/reader/notifications";
import { voteWeight } from "@/lib/ranking/ranking";
import {
  invalidateTags,
  notifyStatement,
  publishChange,
  publishEverythingChanged,
  threadTags,
} from "@/lib/cache/shared-cache";
import { rewriteSnapshotsSince } from "@/lib/ranking/trending";
import type { Role } from "@/lib/identity/auth";
import type { Viewer } from "@/lib/identity/viewer";

/**
 * Moderation in one place: who may write (the ban), who is staff, and every moderator or
 * administrator action (hiding comments, reports, bans, vote weights, spammer removal,
 * moderator roles) with the public log and the reports queue. Each action is checked here,
 * against the database and inside its own transaction together with its log entry, never
 * on the session's claim alone; the forms that call these are app/actions/moderation.ts.
 */

// ---------------------------------------------------------------------------------------
// The ban: one check, one message, for every write (comments, votes, submissions, tokens).

export const BANNED_MESSAGE =
  "Your account is banned: you can read, but not comment, vote, submit papers or create API tokens.";

export function bannedError(): AppError {
  return new AppError(403, BANNED_MESSAGE);
}

/**
 * The one ban check. A user as the session read it (`banned`) or as a write just read it
 * from the database (`bannedAt`): the write refuses either way with the same 403.
 */
export function assertNotBanned(user: { banned: boolean } | { bannedAt: Date | null }): void {
  if ("banned" in user ? user.banned : user.bannedAt !== null) throw bannedError();
}

/**
 * A user who may write, as the session says: signed in and not banned. Cheap (no query), so
 * every write starts with it; the writes that must not trust a session older than a ban read
 * the row again (loadWriter, or cast_vote in SQL).
 */
export function assertCanWrite(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw unauthorized();
  assertNotBanned(viewer);
}

type Reader = Pick<Database, "select">;

/**
 * The writer as the database has them now: a ban given after the session was read still
 * refuses the write. What comments and submissions need to know about their author.
 */
export async function loadWriter(viewer: Viewer, db: Reader = getDb()) {
  const [row] = await db
    .select({
      joinedAt: users.createdAt,
      githubCreatedAt: users.githubCreatedAt,
      bannedAt: users.bannedAt,
      role: users.role,
      login: users.githubLogin,
    })
    .from(users)
    .where(eq(users.id, viewer.id));
  if (!row) throw unauthorized();
  assertNotBanned(row);
  return row;
}

// ---------------------------------------------------------------------------------------
// Staff.

/** What a viewer's session says about their role: for what a page shows, never for a write. */
export function isModerator(viewer: Viewer | null): boolean {
  return viewer?.role === "moderator" || viewer?.role === "admin";
}

/**
 * The actor of a moderator or administrator action, checked against the database inside
 * the action's transaction (never the session's claim alone); a banned moderator is banned
 * like anyone. Returns what the moderation log records about them.
 */
export async function requireStaff(
  tx: Reader,
  viewer: Viewer | null,
  level: "moderator" | "admin",
  refusal = "Only moderators can do this.",
): Promise<{ role: Role; log: { moderatorId: string; moderatorLogin: string } }> {
  if (!viewer) throw unauthorized();
  const [row] = await tx
    .select({ role: users.role, bannedAt: users.bannedAt, login: users.githubLogin })
    .from(users)
    .where(eq(users.id, viewer.id));
  if (!row) throw unauthorized();
  assertNotBanned(row);
  if (!(row.role === "admin" || (level === "moderator" && row.role === "moderator"))) throw new AppError(403, refusal);
  return { role: row.role, log: { moderatorId: viewer.id, moderatorLogin: row.login ?? viewer.id } };
}

/**
 * The user a staff action is about, by GitHub login (case-insensitive), locked FOR UPDATE in
 * the action's transaction so that two moderators acting at once are serialised; 404 when
 * there is no such user. One query for every staff action on a user.
 */
export async function lockUserByLogin(tx: Reader, login: string) {
  const [target] = await tx
    .select({
      id: users.id,
      login: users.githubLogin,
      email: users.email,
      role: users.role,
      bannedAt: users.bannedAt,
      joinedAt: users.createdAt,
      githubCreatedAt: users.githubCreatedAt,
    })
    .from(users)
    .where(sql`lower(${users.githubLogin}) = lower(${login})`)
    .for("update");
  if (!target) throw new AppError(404, `No user ${login}.`);
  return target;
}

/**
 * Whom a staff member may ban or remove: not themselves, never an administrator, and a
 * moderator only when they are an administrator. `staff` may act on `target` when this is
 * true; the profile page asks the same question to show the buttons.
 */
export function mayActOnUser(staffRole: Role, target: { role: Role }): boolean {
  return target.role === "user" || (target.role === "moderator" && staffRole === "admin");
}

function assertMayActOnUser(
  staff: { role: Role; log: { moderatorId: string } },
  target: { id: string; role: Role },
  words: { self: string; verb: string; done: string },
): void {
  if (target.id === staff.log.moderatorId) throw new AppError(409, words.self);
  if (!mayActOnUser(staff.role, target)) {
    throw new AppError(
      403,
      `Only an administrator can ${words.verb} a moderator, and administrators cannot be ${words.done} here.`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Comments: hiding, restoring, the reports queue.

export async function setCommentHidden(
  viewer: Viewer | null,
  commentId: number,
  hidden: boolean,
  reason: string,
): Promise<void> {
  const changedPaper = await getDb().transaction(async (tx): Promise<string | null> => {
    const moderator = await requireStaff(tx, viewer, "moderator");
    const [comment] = await tx
      .select({
        id: comments.id,
        paperId: comments.paperId,
        hiddenAt: comments.hiddenAt,
        deletedAt: comments.deletedAt,
        authorId: comments.authorId,
        authorLogin: users.githubLogin,
        arxivId: papers.arxivId,
      })
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .innerJoin(papers, eq(papers.id, comments.paperId))
      .where(eq(comments.id, commentId))
      .for("update", { of: comments });
    if (!comment) throw new AppError(404, "No such comment.");
    if (Boolean(comment.hiddenAt) === hidden) return null;
    await tx
      .update(comments)
      .set({ hiddenAt: hidden ? new Date() : null })
      .where(eq(comments.id, commentId));
    if (!comment.deletedAt) {
      await tx
        .update(papers)
        .set({ commentCount: hidden ? sql`greatest(0, ${papers.commentCount} - 1)` : sql`${papers.commentCount} + 1` })
        .where(eq(papers.id, comment.paperId));
    }
    if (hidden)
      await tx
        .update(commentReports)
        .set({ resolvedAt: new Date() })
        .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)));
    if (hidden) await withdrawCommentNotifications(tx, commentId);
    const action = hidden ? "hide_comment" : "restore_comment";
    const [entry] = await tx
      .insert(moderationLog)
      .values({
        ...moderator.log,
        action,
        targetLogin: comment.authorLogin,
        commentId,
        paperArxivId: comment.arxivId,
        reason,
      })
      .returning({ id: moderationLog.id });
    await notifyModeration(tx, {
      userId: comment.authorId,
      moderatorId: moderator.log.moderatorId,
      moderationLogId: entry!.id,
      action,
      reason,
      commentId,
      paperId: comment.paperId,
      now: new Date(),
    });
    await tx.execute(notifyStatement(threadTags(comment.arxivId)));
    return comment.arxivId;
  });
  if (changedPaper) invalidateTags(threadTags(changedPaper));
}

export async function dismissReports(viewer: Viewer | null, commentId: number, reason: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const moderator = await requireStaff(tx, viewer, "moderator");
    const resolved = await tx
      .update(commentReports)
      .set({ resolvedAt: new Date() })
      .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)))
      .returning({ id: commentReports.id });
    if (resolved.length === 0) throw new AppError(404, "No open report on that comment.");
    await tx.insert(moderationLog).values({ ...moderator.log, action: "dismiss_report", commentId, reason });
  });
}

export interface OpenReport {
  commentId: number;
  arxivId: string;
  authorLogin: string | null;
  body: string;
  reports: number;
  reasons: string[];
  firstReportedAt: Date;
}

export async function listOpenReports(viewer: Viewer | null): Promise<OpenReport[]> {
  await requireStaff(getDb(), viewer, "moderator");
  const rows = await getDb()
    .select({
      commentId: comments.id,
      arxivId: papers.arxivId,
      authorLogin: users.githubLogin,
      body: comments.body,
      reports: sql<number>`count(*)::int`,
      reasons: sql<string[]>`array_agg(${commentReports.reason} order by ${commentReports.createdAt})`,
      firstReportedAt: sql<Date>`min(${commentReports.createdAt})`,
    })
    .from(commentReports)
    .innerJoin(comments, eq(comments.id, commentReports.commentId))
    .innerJoin(papers, eq(papers.id, comments.paperId))
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(isNull(commentReports.resolvedAt))
    .groupBy(comments.id, papers.arxivId, users.githubLogin)
    .orderBy(desc(sql`count(*)`), asc(sql`min(${commentReports.createdAt})`));
  return rows.map((row) => ({ ...row, firstReportedAt: new Date(row.firstReportedAt) }));
}

// ---------------------------------------------------------------------------------------
// Users: bans, vote weights, spammer removal, moderator roles.

export async function setUserBanned(
  viewer: Viewer | null,
  targetLogin: string,
  banned: boolean,
  reason: string,
): Promise<void> {
  await getDb().transaction(async (tx) => {
    const moderator = await requireStaff(tx, viewer, "moderator");
    const target = await lockUserByLogin(tx, targetLogin);
    assertMayActOnUser(moderator, target, { self: "You cannot ban yourself.", verb: "ban", done: "banned" });
    if (Boolean(target.bannedAt) === banned) return;
    await tx
      .update(users)
      .set({ bannedAt: banned ? new Date() : null })
      .where(eq(users.id, target.id));
    // A banned user's comments notify nobody, including what they wrote before.
    if (banned) await withdrawNotificationsByActor(tx, target.id);
    await tx.insert(moderationLog).values({
      ...moderator.log,
      action: banned ? "ban_user" : "unban_user",
      targetLogin: target.login,
      reason,
    });
  });
}

/**
 * A moderator sets a user's vote weight (0 for a vote ring) or clears the override. The
 * weights of all that user's votes are recomputed, the hourly buckets of the papers they
 * touched are rebuilt from the votes, and the daily snapshots of the affected days are
 * rewritten, so that trending, past and present, no longer counts them.
 */
export async function setVoteWeightOverride(
  actor: Viewer | null,
  targetLogin: string,
  override: number | null,
): Promise<{ votes: number; days: string[] }> {
  if (override !== null && !(override >= 0 && override <= 1))
    throw new AppError(400, "weight: must be between 0 and 1", { field: "weight" });
  const touched = await getDb().transaction(async (tx) => {
    const moderator = await requireStaff(tx, actor, "moderator", "Only moderators can change vote weights.");
    const target = await lockUserByLogin(tx, targetLogin);
    await tx.update(users).set({ voteWeightOverride: override }).where(eq(users.id, target.id));
    await tx.insert(moderationLog).values({
      ...moderator.log,
      action: "set_vote_weight",
      targetLogin: target.login,
      reason: override === null ? "vote weight restored" : `vote weight set to ${override}`,
    });

    const userVotes = await tx
      .select({ paperId: votes.paperId, createdAt: votes.createdAt, submittedById: papers.submittedById })
      .from(votes)
      .innerJoin(papers, eq(papers.id, votes.paperId))
      .where(eq(votes.userId, target.id));
    for (const vote of userVotes) {
      const weight = voteWeight(
        {
          joinedAt: target.joinedAt,
          githubCreatedAt: target.githubCreatedAt,
          isSubmitter: vote.submittedById === target.id,
          weightOverride: override,
        },
        vote.createdAt,
      );
      await tx
        .update(votes)
        .set({ weight })
        .where(and(eq(votes.userId, target.id), eq(votes.paperId, vote.paperId)));
    }
    const paperIds = [...new Set(userVotes.map((vote) => vote.paperId))];
    if (paperIds.length > 0) {
      await tx.delete(voteBuckets).where(inArray(voteBuckets.paperId, paperIds));
      await tx.execute(sql`
        insert into vote_buckets (paper_id, hour, votes, weight)
        select paper_id, date_trunc('hour', created_at), count(*)::int, sum(weight)::real
        from votes where paper_id in ${paperIds} group by 1, 2`);
    }
    return userVotes;
  });

  // Every paper the user voted on may move; their pages show counts, not weights.
  await publishChange(["trending", "feeds"]);
  const days = await rewriteSnapshotsSince(touched.map((vote) => vote.createdAt));
  return { votes: touched.length, days };
}

export const removeSpammerSchema = z.strictObject({
  login: typedLoginSchema,
  reason: z.string({ error: "must be a string" }).trim().max(500, "must be at most 500 characters").default(""),
});

/**
 * A moderator removes a spam account with everything it wrote and every vote it cast, in
 * one transaction with its entry in the moderation log. Its comments are deleted, except
 * those that others replied to: those stay as "[deleted user]" without their text, so the
 * replies keep their place. The daily snapshots since its first vote are rewritten, as for
 * a vote weight set to 0, so that past trending no longer counts it. The deletion itself is
 * the one of lib/identity/account.ts (docs/PRIVACY.md).
 */
export async function removeSpammer(
  actor: Viewer | null,
  targetLogin: string,
  reason: string,
): Promise<DeletionSummary & { snapshotDays: string[] }> {
  const result = await getDb().transaction(async (tx) => {
    const moderator = await requireStaff(tx, actor, "moderator", "Only moderators can remove accounts.");
    const target = await lockUserByLogin(tx, targetLogin);
    assertMayActOnUser(moderator, target, {
      self: "You cannot remove yourself: delete your account from the settings page.",
      verb: "remove",
      done: "removed",
    });
    const work = await countWork(tx, target.id);
    const [firstVote] = await tx
      .select({ at: sql<Date | null>`min(${votes.createdAt})`.mapWith(votes.createdAt) })
      .from(votes)
      .where(eq(votes.userId, target.id));
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

/**
 * Admins make and unmake moderators. Checked here, against the actor's row as it is now,
 * not only in the UI. Admins themselves are set by ADMIN_GITHUB_LOGINS, never here.
 */
export async function setModerator(actor: Viewer | null, targetLogin: string, moderator: boolean): Promise<void> {
  await getDb().transaction(async (tx) => {
    const admin = await requireStaff(tx, actor, "admin", "Only administrators can change moderators.");
    const target = await lockUserByLogin(tx, targetLogin);
    if (target.role === "admin") throw new AppError(409, "Administrators are set by ADMIN_GITHUB_LOGINS.");
    if ((target.role === "moderator") === moderator) return;
    // granted_role is the admin's grant and survives the list's changes (lib/identity/admin-roles.ts).
    const role = moderator ? "moderator" : "user";
    await tx.update(users).set({ role, grantedRole: role }).where(eq(users.id, target.id));
    await tx.insert(moderationLog).values({
      ...admin.log,
      action: moderator ? "make_moderator" : "remove_moderator",
      targetLogin: target.login,
    });
  });
}

// ---------------------------------------------------------------------------------------
// The public log.

/** Every moderator action, newest first; public, and append-only in the database (a trigger). */
export async function getModerationLog(limit = 100, offset = 0) {
  return getDb()
    .select()
    .from(moderationLog)
    .orderBy(desc(moderationLog.createdAt), desc(moderationLog.id))
    .limit(limit)
    .offset(offset);
}
