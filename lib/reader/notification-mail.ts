import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { notificationEmailDeliveries, notificationEmailPreferences, users } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { MailError, type Mailer } from "@/lib/mail/mailer";
import { renderNotificationEmail } from "@/lib/reader/notification-email";
import {
  loadNotificationItems,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "@/lib/reader/notifications";
import { signLink, verifyLink } from "@/lib/mail/signed-links";
import { DELIVERY_LEASE_SECONDS, failedDelivery, getMailer, type DeliveryHooks } from "@/lib/mail/subscriptions";
import type { Viewer } from "@/lib/identity/viewer";
import { notificationOpenHref } from "@/lib/http/urls";

/**
 * Notification e-mail (docs/NOTIFICATIONS.md): off by default, per kind "instant" (at most
 * one mail per user every 10 minutes, carrying whatever came meanwhile) or "daily" (one
 * summary of yesterday). Delivered exactly as the digest is (docs/JOBS.md): one row per user
 * and period under a unique key, claimed with FOR UPDATE SKIP LOCKED under a lease, sent with
 * a stable Message-ID, retried with back-off. Only to an address GitHub verified.
 */

export const EMAIL_MODES = ["off", "instant", "daily"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
/** The least time between two "instant" mails to one person. */
export const INSTANT_INTERVAL_MINUTES = 10;
/** Notifications older than this are never mailed "at once" (a sender that was down does not flood). */
const INSTANT_MAX_AGE_HOURS = 24;
/** Users queued per job run and kind of period. */
const QUEUE_BATCH = 1000;

export const emailPreferencesSchema = z.strictObject(
  Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [
      kind,
      z.enum(EMAIL_MODES, { error: "must be off, instant or daily" }).optional(),
    ]),
  ) as Record<NotificationKind, z.ZodOptional<z.ZodEnum<{ off: "off"; instant: "instant"; daily: "daily" }>>>,
);

function secret(): string {
  const value = getEnv().AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is required to sign unsubscribe links.");
  return value;
}

export async function getEmailPreferences(userId: string): Promise<Record<NotificationKind, EmailMode>> {
  const rows = await getDb()
    .select()
    .from(notificationEmailPreferences)
    .where(eq(notificationEmailPreferences.userId, userId));
  const preferences = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, "off"])) as Record<
    NotificationKind,
    EmailMode
  >;
  for (const row of rows) preferences[row.kind] = row.mode;
  return preferences;
}

/**
 * Changes the given kinds. A kind whose mode changes starts counting from now: turning e-mail
 * on never mails what came before.
 */
export async function setEmailPreferences(
  viewer: Viewer | null,
  input: z.output<typeof emailPreferencesSchema>,
  now = new Date(),
): Promise<void> {
  if (!viewer) throw new AppError(401, "Sign in to change your e-mail settings.");
  await writeEmailPreferences(viewer.id, input, now);
}

async function writeEmailPreferences(
  userId: string,
  input: z.output<typeof emailPreferencesSchema>,
  now: Date,
): Promise<void> {
  const entries = Object.entries(input).filter(
    (entry): entry is [NotificationKind, EmailMode] => entry[1] !== undefined,
  );
  if (entries.length === 0) return;
  await getDb()
    .insert(notificationEmailPreferences)
    .values(entries.map(([kind, mode]) => ({ userId, kind, mode, updatedAt: now })))
    .onConflictDoUpdate({
      target: [notificationEmailPreferences.userId, notificationEmailPreferences.kind],
      set: { mode: sql`excluded.mode`, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`${notificationEmailPreferences.mode} is distinct from excluded.mode`,
    });
}

// ---------------------------------------------------------------------------------------
// One-click unsubscribe (RFC 8058), per kind.

const unsubscribePayload = z.object({ uid: z.string(), kinds: z.array(z.enum(NOTIFICATION_KINDS)).min(1) });

function unsubscribeToken(userId: string, kinds: NotificationKind[]): string {
  return signLink(secret(), "notification-unsubscribe", { uid: userId, kinds }, null);
}

/** The List-Unsubscribe URL: mail providers POST `List-Unsubscribe=One-Click` to it. */
export function oneClickNotificationUnsubscribeUrl(userId: string, kinds: NotificationKind[]): string {
  return `${getEnv().SITE_URL}/api/notifications/unsubscribe?token=${unsubscribeToken(userId, kinds)}`;
}

/** The link in the mail's body: a page that asks for one click (a GET must change nothing). */
export function notificationUnsubscribePageUrl(userId: string, kinds: NotificationKind[]): string {
  return `${getEnv().SITE_URL}/notifications/unsubscribe?token=${unsubscribeToken(userId, kinds)}`;
}

/** What a token would turn off, or null when it is not valid. */
export function readUnsubscribeToken(token: string): { userId: string; kinds: NotificationKind[] } | null {
  const verified = verifyLink(secret(), "notification-unsubscribe", token);
  if (!verified.ok) return null;
  const payload = unsubscribePayload.safeParse(verified.payload);
  return payload.success ? { userId: payload.data.uid, kinds: payload.data.kinds } : null;
}

/** Turns the token's kinds off for its user, at once, without a sign-in. Null: invalid link. */
export async function unsubscribeNotificationsByToken(
  token: string,
  now = new Date(),
): Promise<NotificationKind[] | null> {
  const read = readUnsubscribeToken(token);
  if (!read) return null;
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.id, read.userId));
  if (!user) return read.kinds; // the account is gone: nothing will be sent anyway
  // The signed token is the authorization: it names the user and the kinds.
  await writeEmailPreferences(read.userId, Object.fromEntries(read.kinds.map((kind) => [kind, "off"])), now);
  return read.kinds;
}

// ---------------------------------------------------------------------------------------
// Queueing and sending.

function host(): string {
  return new URL(getEnv().SITE_URL).hostname;
}

/**
 * Queues the mails that are due: for "instant" kinds, one per user with unmailed, unread
 * notifications and no instant mail in the last 10 minutes (keyed by the 10-minute slot);
 * for "daily" kinds, one per user for yesterday (UTC). The notifications a mail carries are
 * fixed here and marked as taken, so they are never in two mails.
 */
export async function queueNotificationEmails(now = new Date()): Promise<number> {
  const nowIso = now.toISOString();
  const slot = Math.floor(now.getTime() / (INSTANT_INTERVAL_MINUTES * 60_000));
  const today = nowIso.slice(0, 10);
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const queue = (
    period: string,
    mode: "instant" | "daily",
    window: ReturnType<typeof sql>,
    extra: ReturnType<typeof sql>,
  ) =>
    getDb().execute<{ n: number }>(sql`
      with eligible as (
        select n.user_id, array_agg(n.id order by n.id) as ids
        from notification_email_preferences p
        join users u on u.id = p.user_id and u.email is not null and u.email_verified is not null
        join notifications n on n.user_id = p.user_id and n.kind = p.kind
        where p.mode = ${mode} and n.emailed_at is null and n.read_at is null and n.updated_at > p.updated_at and ${window} and ${extra}
        group by n.user_id
        limit ${QUEUE_BATCH}
      ), queued as (
        insert into notification_email_deliveries (user_id, period_key, notification_ids, message_id, next_attempt_at, created_at)
        select user_id, ${period}, ids, '<notifications-' || md5(user_id || ${period}) || '@' || ${host()} || '>', ${nowIso}::timestamptz, ${nowIso}::timestamptz
        from eligible
        on conflict (user_id, period_key) do nothing
        returning notification_ids
      ), taken as (
        update notifications set emailed_at = ${nowIso}::timestamptz where id in (select unnest(notification_ids) from queued) returning 1
      )
      select (select count(*) from queued)::int as n`);
  const [instant] = await queue(
    `instant:${slot}`,
    "instant",
    sql`n.updated_at > ${nowIso}::timestamptz - make_interval(hours => ${INSTANT_MAX_AGE_HOURS}) and n.updated_at <= ${nowIso}::timestamptz`,
    sql`not exists (
      select 1 from notification_email_deliveries d
      where d.user_id = n.user_id and d.period_key like 'instant:%'
        and d.created_at > ${nowIso}::timestamptz - make_interval(mins => ${INSTANT_INTERVAL_MINUTES}))`,
  );
  const [daily] = await queue(
    `daily:${yesterday}`,
    "daily",
    sql`n.updated_at >= ${yesterday}::date::timestamptz and n.updated_at < ${today}::date::timestamptz`,
    sql`true`,
  );
  return (instant?.n ?? 0) + (daily?.n ?? 0);
}

/**
 * Sends due notification mails, each claimed with FOR UPDATE SKIP LOCKED under a lease (two
 * senders never hold the same row), sent, then recorded. What the reader has read or turned
 * off meanwhile is left out; a mail with nothing left is not sent.
 */
export async function sendDueNotificationEmails(
  options: { mailer?: Mailer; now?: Date; limit?: number; hooks?: DeliveryHooks } = {},
): Promise<{ sent: number; failed: number; retried: number; skipped: number }> {
  const mailer = options.mailer ?? getMailer();
  const limit = options.limit ?? 500;
  const result = { sent: 0, failed: 0, retried: 0, skipped: 0 };
  const env = getEnv();
  for (let i = 0; i < limit; i++) {
    const now = options.now ?? new Date();
    const nowIso = now.toISOString();
    const [delivery] = await getDb().execute<{
      id: number;
      user_id: string;
      period_key: string;
      message_id: string;
      attempts: number;
      notification_ids: number[];
    }>(sql`
      update notification_email_deliveries d
      set status = 'sending', lease_until = ${nowIso}::timestamptz + make_interval(secs => ${DELIVERY_LEASE_SECONDS}), attempts = d.attempts + 1
      where d.id = (
        select id from notification_email_deliveries
        where (status = 'pending' and next_attempt_at <= ${nowIso}::timestamptz)
           or (status = 'sending' and lease_until < ${nowIso}::timestamptz)
        order by next_attempt_at, id
        for update skip locked
        limit 1)
      returning d.id, d.user_id, d.period_key, d.message_id, d.attempts, d.notification_ids`);
    if (!delivery) break;
    const finish = (lastError: string | null) =>
      getDb()
        .update(notificationEmailDeliveries)
        .set({ status: "sent", sentAt: new Date(), leaseUntil: null, lastError })
        .where(eq(notificationEmailDeliveries.id, delivery.id));
    const [user] = await getDb()
      .select({ email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, delivery.user_id));
    // Never to an address GitHub did not verify (users.unverified_email is never used here).
    if (!user?.email || !user.emailVerified) {
      await finish("no verified address");
      result.skipped += 1;
      continue;
    }
    const preferences = await getEmailPreferences(delivery.user_id);
    const items = (await loadNotificationItems(delivery.user_id, delivery.notification_ids, true)).filter(
      (item) => preferences[item.kind] !== "off",
    );
    if (items.length === 0) {
      await finish("nothing to send");
      result.skipped += 1;
      continue;
    }
    const kinds = [...new Set(items.map((item) => item.kind))];
    const mail = renderNotificationEmail({
      siteName: "Paperboard",
      siteUrl: env.SITE_URL,
      period: delivery.period_key.startsWith("daily:") ? "daily" : "instant",
      items: items.map((item) => ({ text: item.text, url: env.SITE_URL + notificationOpenHref(item.id) })),
      unsubscribe: kinds.map((kind) => ({
        label: `Stop e-mails about: ${NOTIFICATION_KIND_LABELS[kind].toLowerCase()}`,
        url: notificationUnsubscribePageUrl(delivery.user_id, [kind]),
      })),
      settingsUrl: `${env.SITE_URL}/settings#notification-email`,
    });
    try {
      await mailer.send({
        to: user.email,
        ...mail,
        messageId: delivery.message_id,
        headers: {
          "List-Unsubscribe": `<${oneClickNotificationUnsubscribeUrl(delivery.user_id, kinds)}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      });
      await options.hooks?.afterSend?.(delivery.id);
      await finish(null);
      result.sent += 1;
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      const { permanent, row } = failedDelivery(error, delivery.attempts, now);
      await getDb().update(notificationEmailDeliveries).set(row).where(eq(notificationEmailDeliveries.id, delivery.id));
      if (permanent) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}

/** The `notification-email` job: queue what is due, then send. */
export async function runNotificationEmailJob(now = new Date()) {
  const queued = await queueNotificationEmails(now);
  const sent = await sendDueNotificationEmails({ now });
  return { queued, ...sent };
}
