import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { NotificationJson } from "@/lib/http/api-schemas";
import { getDb, type Database, type Transaction } from "@/db/client";
import { notifications, papers, userMutes, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { commentHref, paperHref } from "@/lib/http/urls";
import type { Viewer } from "@/lib/identity/viewer";

/**
 * Notifications (docs/NOTIFICATIONS.md). Events of the discussion (a reply, a comment on a
 * followed discussion, an @mention, a moderator's action) are written by the functions below
 * inside the transaction of the write that causes them, so that a comment and its
 * notifications commit or vanish together; unique keys make each at most once. New papers by
 * followed authors or in followed categories are fanned out later by a job, in bounded
 * batches, from a queue row the ingest writes in its own transaction.
 */

export const NOTIFICATION_KINDS = ["reply", "discussion", "mention", "moderation", "new_papers"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  reply: "Replies to my comments",
  discussion: "New comments in discussions I follow",
  mention: "@mentions of me",
  moderation: "Moderator actions on my content",
  new_papers: "New papers by authors and in categories I follow",
};

/** The kinds of one comment's notifications, most specific first: a reader gets only the first that applies. */
const COMMENT_KINDS = sql.raw(`('reply', 'discussion', 'mention')`);

/** A new-papers notification lists at most this many papers (and counts them all). */
export const NEW_PAPERS_LISTED = 20;
/** Followers handled per fan-out transaction: bounded work and locks, whatever the audience. */
export const FANOUT_BATCH_SIZE = 1000;
/** Batches per job run (5 minutes apart): 100,000 notifications a run at most, then the next run goes on. */
export const FANOUT_MAX_BATCHES_PER_RUN = 100;

type Executor = Transaction | Database;

// ---------------------------------------------------------------------------------------
// Events written in the causing transaction.

/** The recipient has not muted the actor, and the actor is not banned. */
const actorMayNotify = (recipient: ReturnType<typeof sql>, actorId: string) => sql`
  not exists (select 1 from user_mutes m where m.user_id = ${recipient} and m.muted_user_id = ${actorId})
  and not exists (select 1 from users b where b.id = ${actorId} and b.banned_at is not null)`;

export interface NewCommentEvent {
  commentId: number;
  paperId: number;
  authorId: string;
  /** The author of the comment replied to, if any. */
  parentAuthorId: string | null;
  /** Logins the comment links as @mentions (lib/discussion/markdown.ts). */
  mentions: string[];
  now: Date;
}

/**
 * The notifications of a new comment, in its transaction: the parent's author (a reply),
 * every mentioned login, every follower of the discussion. One row per reader and comment:
 * inserted most specific first, the unique key drops the rest. Nobody hears of their own
 * comment, of a muted user's, or of a banned user's.
 */
export async function notifyNewComment(tx: Transaction, event: NewCommentEvent): Promise<void> {
  if (event.parentAuthorId)
    await tx.execute(insertCommentNotifications("reply", event, sql`select ${event.parentAuthorId}::text as id`));
  await notifyMentions(tx, event);
  await tx.execute(
    insertCommentNotifications(
      "discussion",
      event,
      sql`select user_id as id from paper_follows where paper_id = ${event.paperId} and following`,
    ),
  );
}

/**
 * Mentions of a comment, new or edited: a mention added by an edit notifies too, once (the
 * unique key keeps one row per reader and comment).
 */
export async function notifyMentions(tx: Transaction, event: Omit<NewCommentEvent, "parentAuthorId">): Promise<void> {
  if (event.mentions.length === 0) return;
  const lowered = event.mentions.map((login) => login.toLowerCase());
  await tx.execute(
    insertCommentNotifications(
      "mention",
      event,
      sql`select id from users where lower(github_login) in (${sql.join(
        lowered.map((login) => sql`${login}`),
        sql`, `,
      )})`,
    ),
  );
}

function insertCommentNotifications(
  kind: "reply" | "mention" | "discussion",
  event: Omit<NewCommentEvent, "parentAuthorId" | "mentions">,
  recipients: ReturnType<typeof sql>,
) {
  const { commentId, paperId, authorId, now } = event;
  return sql`
    insert into notifications (user_id, kind, actor_id, paper_id, comment_id, created_at, updated_at)
    select r.id, ${kind}::notification_kind, ${authorId}, ${paperId}, ${commentId}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from (${recipients}) r
    where r.id <> ${authorId} and ${actorMayNotify(sql`r.id`, authorId)}
    on conflict (user_id, comment_id) where kind in ${COMMENT_KINDS} do nothing`;
}

/** A deleted or hidden comment takes back what it told readers who have not read it yet. */
export async function withdrawCommentNotifications(tx: Executor, commentId: number): Promise<number> {
  const deleted = await tx.execute(sql`
    delete from notifications where comment_id = ${commentId} and read_at is null and kind in ${COMMENT_KINDS}
    returning id`);
  return deleted.length;
}

/** A banned user's comments notify nobody: what they caused and nobody read yet is taken back. */
export async function withdrawNotificationsByActor(tx: Executor, actorId: string): Promise<number> {
  const deleted = await tx.execute(sql`
    delete from notifications where actor_id = ${actorId} and read_at is null and kind in ${COMMENT_KINDS}
    returning id`);
  return deleted.length;
}

export interface ModerationEvent {
  /** The author of the content acted on; null (deleted account) notifies nobody. */
  userId: string | null;
  moderatorId: string;
  moderationLogId: number;
  action: string;
  reason: string;
  commentId: number | null;
  paperId: number | null;
  now: Date;
}

/** A moderator acted on someone's content: they are told, in the action's transaction. */
export async function notifyModeration(tx: Transaction, event: ModerationEvent): Promise<void> {
  if (!event.userId || event.userId === event.moderatorId) return;
  const detail = event.reason ? `${event.action}: ${event.reason}` : event.action;
  await tx.execute(sql`
    insert into notifications (user_id, kind, actor_id, paper_id, comment_id, moderation_log_id, detail, created_at, updated_at)
    values (${event.userId}, 'moderation', ${event.moderatorId}, ${event.paperId}, ${event.commentId}, ${event.moderationLogId},
            ${detail.slice(0, 600)}, ${event.now.toISOString()}::timestamptz, ${event.now.toISOString()}::timestamptz)
    on conflict (user_id, moderation_log_id) where kind = 'moderation' do nothing`);
}

// ---------------------------------------------------------------------------------------
// New papers: queued with the ingest, fanned out by the `notification-fanout` job.

/** In the ingest's transaction: one row, whatever the number of followers. */
export async function enqueuePaperFanout(tx: Transaction, paperId: number, now: Date): Promise<void> {
  await tx.execute(sql`
    insert into notification_fanouts (paper_id, day, enqueued_at)
    values (${paperId}, ${now.toISOString().slice(0, 10)}::date, ${now.toISOString()}::timestamptz)
    on conflict (paper_id) do nothing`);
}

export interface FanoutResult {
  papers: number;
  batches: number;
  notifications: number;
}

/**
 * One batch of one queued paper, in one transaction: the next `batchSize` (follower, source)
 * pairs after the saved position, each upserted into that reader's row for the source and
 * day (the paper added to its list), and the position saved, or the queue row removed when
 * the followers are exhausted. Two job runners never take the same paper (SKIP LOCKED), and
 * a batch either commits with its position or not at all: nothing is told twice.
 */
async function fanOutOneBatch(now: Date, batchSize: number): Promise<{ paperDone: boolean; written: number } | null> {
  return getDb().transaction(async (tx) => {
    const [queued] = await tx.execute<{
      paper_id: number;
      day: string;
      after_user_id: string;
      after_source: string;
    }>(sql`
      select paper_id, day::text as day, after_user_id, after_source from notification_fanouts
      order by enqueued_at, paper_id
      for update skip locked
      limit 1`);
    if (!queued) return null;
    const paperId = queued.paper_id;
    const [outcome] = await tx.execute<{
      found: number;
      written: number;
      last_user: string | null;
      last_source: string | null;
    }>(sql`
      with followers as (
        select f.user_id, f.source_key from (
          select af.user_id, 'author:' || af.author_name as source_key
          from author_follows af
          where af.author_name in (select name from paper_authors where paper_id = ${paperId})
          union
          select cf.user_id, 'category:' || cf.category
          from category_follows cf
          where cf.category in (select unnest(categories) from papers where id = ${paperId})
        ) f
        where (f.user_id, f.source_key) > (${queued.after_user_id}, ${queued.after_source})
        order by f.user_id, f.source_key
        limit ${batchSize}
      ), written as (
        insert into notifications (user_id, kind, paper_id, source_key, day, paper_ids, paper_count, created_at, updated_at)
        select user_id, 'new_papers', ${paperId}, source_key, ${queued.day}::date, array[${paperId}::integer], 1,
               ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from followers
        on conflict (user_id, source_key, day) where kind = 'new_papers' do update set
          paper_ids = case
            when ${paperId}::integer = any(notifications.paper_ids) or cardinality(notifications.paper_ids) >= ${NEW_PAPERS_LISTED}
              then notifications.paper_ids
            else notifications.paper_ids || ${paperId}::integer end,
          paper_count = notifications.paper_count + case when ${paperId}::integer = any(notifications.paper_ids) then 0 else 1 end,
          updated_at = excluded.updated_at,
          read_at = null,
          emailed_at = null
        returning 1
      ), last as (
        select user_id, source_key from followers order by user_id desc, source_key desc limit 1
      )
      select (select count(*) from followers)::int as found, (select count(*) from written)::int as written,
             (select user_id from last) as last_user, (select source_key from last) as last_source`);
    const found = outcome?.found ?? 0;
    if (found < batchSize) {
      await tx.execute(sql`delete from notification_fanouts where paper_id = ${paperId}`);
      return { paperDone: true, written: outcome?.written ?? 0 };
    }
    await tx.execute(sql`
      update notification_fanouts set after_user_id = ${outcome!.last_user}, after_source = ${outcome!.last_source}
      where paper_id = ${paperId}`);
    return { paperDone: false, written: outcome!.written };
  });
}

/** The `notification-fanout` job: queued papers' notifications, a bounded batch per transaction. */
export async function fanOutNewPapers(
  now = new Date(),
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<FanoutResult> {
  const batchSize = options.batchSize ?? FANOUT_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? FANOUT_MAX_BATCHES_PER_RUN;
  const result: FanoutResult = { papers: 0, batches: 0, notifications: 0 };
  while (result.batches < maxBatches) {
    const batch = await fanOutOneBatch(now, batchSize);
    if (!batch) break;
    result.batches += 1;
    result.notifications += batch.written;
    if (batch.paperDone) result.papers += 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// The inbox.

function requireViewer(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw new AppError(401, "Sign in to see your notifications.");
}

/** The header's count: one index-only count on notifications_unread_idx. */
export async function countUnread(userId: string): Promise<number> {
  const [row] = await getDb()
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}

export const notificationListQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20),
  offset: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(100_000, "must be at most 100000")
    .default(0),
  unread: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
});

export const markReadSchema = z.union(
  [
    z.strictObject({
      ids: z
        .array(z.number({ error: "must be notification ids" }).int().positive())
        .min(1, "must not be empty")
        .max(500, "at most 500 at a time"),
    }),
    z.strictObject({ all: z.literal(true, { error: "must be true" }) }),
  ],
  { error: 'must be {"ids": [...]} or {"all": true}' },
);

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  read: boolean;
  createdAt: Date;
  updatedAt: Date;
  actor: string | null;
  paper: { arxivId: string; title: string } | null;
  commentId: number | null;
  /** new_papers: where they come from, and the papers (first NEW_PAPERS_LISTED) and their count. */
  source: { type: "author" | "category"; name: string } | null;
  papers: { arxivId: string; title: string }[];
  paperCount: number;
  detail: string | null;
  /** Where the notification leads, site-relative: the exact comment, or the paper. */
  url: string;
  /** One line saying what happened. */
  text: string;
}

function sourceOf(key: string | null): NotificationItem["source"] {
  if (!key) return null;
  const at = key.indexOf(":");
  const type = key.slice(0, at);
  return type === "author" || type === "category" ? { type, name: key.slice(at + 1) } : null;
}

const MODERATION_WORDS: Record<string, string> = {
  hide_comment: "removed your comment",
  restore_comment: "restored your comment",
};

function describe(item: Omit<NotificationItem, "text" | "url">): string {
  const who = item.actor ? `@${item.actor}` : "Someone";
  const on = item.paper ? ` on “${item.paper.title}”` : "";
  switch (item.kind) {
    case "reply":
      return `${who} replied to your comment${on}`;
    case "mention":
      return `${who} mentioned you${on}`;
    case "discussion":
      return `${who} commented${on}`;
    case "moderation": {
      const [action, ...reason] = (item.detail ?? "").split(": ");
      const what = MODERATION_WORDS[action ?? ""] ?? `acted on your content (${action})`;
      return `A moderator ${what}${on}${reason.length ? `: ${reason.join(": ")}` : ""}`;
    }
    case "new_papers": {
      const from =
        item.source?.type === "author"
          ? `by ${item.source.name}`
          : `in ${item.source?.name ?? "a category you follow"}`;
      if (item.paperCount <= 1)
        return `New paper ${from}: “${item.papers[0]?.title ?? item.paper?.title ?? "a paper"}”`;
      return `${item.paperCount} new papers ${from}`;
    }
  }
}

function urlOf(item: Omit<NotificationItem, "text" | "url">): string {
  const arxivId = item.paper?.arxivId ?? item.papers[0]?.arxivId;
  if (!arxivId) return "/notifications";
  return item.commentId !== null ? commentHref(arxivId, item.commentId) : paperHref(arxivId);
}

type NotificationRow = typeof notifications.$inferSelect & {
  actorLogin: string | null;
  arxivId: string | null;
  title: string | null;
};

async function toItems(rows: NotificationRow[]): Promise<NotificationItem[]> {
  const listed = [...new Set(rows.flatMap((row) => row.paperIds))];
  const paperRows = listed.length
    ? await getDb()
        .select({ id: papers.id, arxivId: papers.arxivId, title: papers.title })
        .from(papers)
        .where(inArray(papers.id, listed))
    : [];
  const byId = new Map(paperRows.map((paper) => [paper.id, { arxivId: paper.arxivId, title: paper.title }]));
  return rows.map((row) => {
    const base = {
      id: row.id,
      kind: row.kind,
      read: row.readAt !== null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      actor: row.actorLogin,
      paper: row.arxivId && row.title !== null ? { arxivId: row.arxivId, title: row.title } : null,
      commentId: row.kind === "new_papers" ? null : row.commentId,
      source: sourceOf(row.sourceKey),
      papers: row.paperIds.flatMap((id) => byId.get(id) ?? []),
      paperCount: row.paperCount,
      detail: row.detail,
    };
    return { ...base, url: urlOf(base), text: describe(base) };
  });
}

const itemColumns = {
  notification: notifications,
  actorLogin: users.githubLogin,
  arxivId: papers.arxivId,
  title: papers.title,
};

async function selectItems(where: ReturnType<typeof and>, limit: number, offset = 0): Promise<NotificationItem[]> {
  const rows = await getDb()
    .select(itemColumns)
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .leftJoin(papers, eq(papers.id, notifications.paperId))
    .where(where)
    .orderBy(desc(notifications.updatedAt), desc(notifications.id))
    .limit(limit)
    .offset(offset);
  return toItems(rows.map(({ notification, ...rest }) => ({ ...notification, ...rest })));
}

/** A page of the viewer's inbox, newest first, and their unread count. */
export async function listNotifications(
  viewer: Viewer | null,
  query: z.output<typeof notificationListQuerySchema>,
): Promise<{ items: NotificationItem[]; unreadCount: number; nextOffset: number | null }> {
  requireViewer(viewer);
  const where = and(eq(notifications.userId, viewer.id), query.unread ? isNull(notifications.readAt) : undefined);
  const [items, unreadCount] = await Promise.all([
    selectItems(where, query.limit + 1, query.offset),
    countUnread(viewer.id),
  ]);
  const more = items.length > query.limit;
  return { items: items.slice(0, query.limit), unreadCount, nextOffset: more ? query.offset + query.limit : null };
}

/** Items by id, whoever they belong to: for the e-mail sender, which checks ownership itself. */
export async function loadNotificationItems(
  userId: string,
  ids: number[],
  onlyUnread: boolean,
): Promise<NotificationItem[]> {
  if (ids.length === 0) return [];
  return selectItems(
    and(
      eq(notifications.userId, userId),
      inArray(notifications.id, ids),
      onlyUnread ? isNull(notifications.readAt) : undefined,
    ),
    ids.length,
  );
}

/** Marks the viewer's own notifications read (others' ids change nothing); answers how many changed. */
export async function markNotificationsRead(
  viewer: Viewer | null,
  input: z.output<typeof markReadSchema>,
  now = new Date(),
): Promise<number> {
  requireViewer(viewer);
  const changed = await getDb()
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.userId, viewer.id),
        isNull(notifications.readAt),
        "ids" in input ? inArray(notifications.id, input.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return changed.length;
}

/**
 * /notifications/{id}/open: marks it read and answers where it leads. Someone else's
 * notification is a 404, exactly like one that does not exist.
 */
export async function openNotification(viewer: Viewer | null, id: number, now = new Date()): Promise<string> {
  requireViewer(viewer);
  const [item] = await selectItems(and(eq(notifications.userId, viewer.id), eq(notifications.id, id)), 1);
  if (!item) throw new AppError(404, "No such notification.");
  if (!item.read) {
    await getDb()
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, id), eq(notifications.userId, viewer.id), isNull(notifications.readAt)));
  }
  return item.url;
}

export function notificationToJson(item: NotificationItem): NotificationJson {
  return {
    id: item.id,
    kind: item.kind,
    read: item.read,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    actor: item.actor,
    paper: item.paper ? { id: item.paper.arxivId, title: item.paper.title } : null,
    commentId: item.commentId,
    source: item.source,
    papers: item.papers.map((paper) => ({ id: paper.arxivId, title: paper.title })),
    paperCount: item.paperCount,
    text: item.text,
    url: item.url,
  };
}

// ---------------------------------------------------------------------------------------
// Mutes.

export async function isMuted(userId: string, mutedUserId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ userId: userMutes.userId })
    .from(userMutes)
    .where(and(eq(userMutes.userId, userId), eq(userMutes.mutedUserId, mutedUserId)));
  return Boolean(row);
}

/** Mutes or unmutes another user by login: their comments no longer notify the viewer. */
export async function setMuted(viewer: Viewer | null, login: string, muted: boolean): Promise<void> {
  if (!viewer) throw new AppError(401, "Sign in to mute someone.");
  const [target] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.githubLogin}) = lower(${login})`);
  if (!target) throw new AppError(404, "No such user.");
  if (target.id === viewer.id) throw new AppError(409, "You cannot mute yourself.");
  if (muted) {
    await getDb().transaction(async (tx) => {
      await tx.insert(userMutes).values({ userId: viewer.id, mutedUserId: target.id }).onConflictDoNothing();
      // What they already caused and the reader has not read goes too.
      await tx.execute(sql`
        delete from notifications where user_id = ${viewer.id} and actor_id = ${target.id} and read_at is null and kind in ${COMMENT_KINDS}`);
    });
  } else {
    await getDb()
      .delete(userMutes)
      .where(and(eq(userMutes.userId, viewer.id), eq(userMutes.mutedUserId, target.id)));
  }
}
