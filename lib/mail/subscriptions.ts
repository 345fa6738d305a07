import "server-only";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { digestDeliveries, subscriptions, trendingSnapshotRuns, users } from "@/db/schema";
import {
  MAX_DIGEST_PAPERS,
  renderConfirmationEmail,
  renderDigestEmail,
  type DigestEmailInput,
} from "@/lib/mail/digest-email";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getFeed } from "@/lib/browse/feeds";
import { createMailer, MailError, type Mailer } from "@/lib/mail/mailer";
import { paperHref } from "@/lib/http/urls";
import { addDays, addWeeks, dayLabel, formatDay, parseDay, parseWeek, weekLabel, weekOf } from "@/lib/ranking/periods";
import { enforceRateLimit, type RateLimitRule } from "@/lib/http/rate-limit";
import { signLink, verifyLink } from "@/lib/mail/signed-links";
import { getTrendingSnapshot } from "@/lib/ranking/trending";
import type { Viewer } from "@/lib/identity/viewer";
import { logger } from "@/lib/server/logger";

/**
 * "Trending papers in your inbox": double opt-in subscriptions, the digest of each period,
 * and its exactly-once delivery (docs/JOBS.md).
 */

export type Frequency = "daily" | "weekly";

/** One line, no CR/LF or angle brackets: nothing in it can become a header. */
export const emailSchema = z
  .string({ error: "must be a string" })
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .refine((value) => !/[\r\n<>,;\s"]/.test(value), "must be a single plain e-mail address")
  .pipe(z.email("must be an e-mail address"));

export const subscribeSchema = z.strictObject({
  email: emailSchema,
  frequency: z.enum(["daily", "weekly"], { error: "must be daily or weekly" }),
});

export const SUBSCRIBE_IP_RATE_LIMIT: RateLimitRule = { what: "subscription requests", limit: 10, windowSeconds: 3600 };
export const SUBSCRIBE_ADDRESS_RATE_LIMIT: RateLimitRule = {
  what: "subscription requests for this address",
  limit: 3,
  windowSeconds: 86_400,
};
export const CONFIRMATION_HOURS = 48;

function secret(): string {
  const value = getEnv().AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is required to sign subscription links.");
  return value;
}

let sharedMailer: Mailer | undefined;
/** The mailer of this process: SMTP_URL, or .eml files under .data/mail (the offline demo). */
export function getMailer(): Mailer {
  const env = getEnv();
  sharedMailer ??= createMailer({
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    outboxDir: path.join(process.cwd(), ".data", "mail"),
    log: (line) => logger.info({ mail: line }, "mail"),
  });
  return sharedMailer;
}

export function confirmUrl(subscriptionId: number, email: string, frequency: Frequency, now = new Date()): string {
  const token = signLink(
    secret(),
    "confirm",
    { sid: subscriptionId, email, frequency },
    new Date(now.getTime() + CONFIRMATION_HOURS * 3600_000),
  );
  return `${getEnv().SITE_URL}/subscriptions/confirm?token=${token}`;
}

export function unsubscribeUrl(subscriptionId: number, email: string): string {
  return `${getEnv().SITE_URL}/unsubscribe?token=${signLink(secret(), "unsubscribe", { sid: subscriptionId, email }, null)}`;
}

/** The URL mail clients POST to for RFC 8058 one-click unsubscribe. */
export function oneClickUnsubscribeUrl(subscriptionId: number, email: string): string {
  return `${getEnv().SITE_URL}/api/unsubscribe?token=${signLink(secret(), "unsubscribe", { sid: subscriptionId, email }, null)}`;
}

/**
 * A request from the form or POST /api/subscriptions. The answer is the same whatever the
 * address's state, so it reveals nothing about who subscribes; only a confirmation mail is
 * ever sent to an address that has not confirmed.
 */
export async function requestSubscription(
  raw: z.input<typeof subscribeSchema>,
  ip: string,
  now = new Date(),
): Promise<void> {
  const input = subscribeSchema.parse(raw);
  await enforceRateLimit(`subscribe:ip:${ip}`, SUBSCRIBE_IP_RATE_LIMIT, now);
  await enforceRateLimit(`subscribe:email:${input.email}`, SUBSCRIBE_ADDRESS_RATE_LIMIT, now);
  const db = getDb();
  const [existing] = await db.select().from(subscriptions).where(eq(subscriptions.email, input.email));
  if (existing?.status === "active" && existing.frequency === input.frequency) return;
  let id = existing?.id;
  if (!existing) {
    const [created] = await db
      .insert(subscriptions)
      .values({ email: input.email, frequency: input.frequency })
      .onConflictDoNothing()
      .returning({ id: subscriptions.id });
    id = created?.id;
  } else if (existing.status !== "active") {
    // The frequency takes effect only when confirmed (it travels in the signed link).
    await db.update(subscriptions).set({ status: "pending" }).where(eq(subscriptions.id, existing.id));
  }
  if (id === undefined) return; // a concurrent request created it: its mail is on the way
  const env = getEnv();
  const mail = renderConfirmationEmail({
    siteName: "Paperboard",
    siteUrl: env.SITE_URL,
    confirmUrl: confirmUrl(id, input.email, input.frequency, now),
    frequency: input.frequency,
    expiresInHours: CONFIRMATION_HOURS,
  });
  await getMailer().send({ to: input.email, ...mail });
}

export type ConfirmResult = "confirmed" | "expired" | "invalid";

export async function confirmSubscription(token: string, now = new Date()): Promise<ConfirmResult> {
  const verified = verifyLink(secret(), "confirm", token, now);
  if (!verified.ok) return verified.reason;
  const payload = z
    .object({ sid: z.number().int(), email: z.string(), frequency: z.enum(["daily", "weekly"]) })
    .safeParse(verified.payload);
  if (!payload.success) return "invalid";
  const [row] = await getDb()
    .update(subscriptions)
    .set({ status: "active", frequency: payload.data.frequency, confirmedAt: now, unsubscribedAt: null })
    .where(and(eq(subscriptions.id, payload.data.sid), eq(subscriptions.email, payload.data.email)))
    .returning({ id: subscriptions.id });
  return row ? "confirmed" : "invalid";
}

/** One-click unsubscribe: effective at once, no sign-in. True when the link was valid. */
export async function unsubscribeByToken(token: string, now = new Date()): Promise<boolean> {
  const verified = verifyLink(secret(), "unsubscribe", token, now);
  if (!verified.ok) return false;
  const payload = z.object({ sid: z.number().int(), email: z.string() }).safeParse(verified.payload);
  if (!payload.success) return false;
  const db = getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(subscriptions)
      .set({ status: "unsubscribed", unsubscribedAt: now })
      .where(and(eq(subscriptions.id, payload.data.sid), eq(subscriptions.email, payload.data.email)))
      .returning({ id: subscriptions.id });
    // Whatever was queued and not yet sent is dropped with it.
    if (row)
      await tx
        .delete(digestDeliveries)
        .where(and(eq(digestDeliveries.subscriptionId, row.id), eq(digestDeliveries.status, "pending")));
  });
  return true;
}

// ---------------------------------------------------------------------------------------
// Signed-in users: one click with their GitHub e-mail, managed in settings.

export async function getUserSubscription(viewer: Viewer) {
  const db = getDb();
  const [user] = await db
    .select({ email: users.email, emailVerified: users.emailVerified, unverifiedEmail: users.unverifiedEmail })
    .from(users)
    .where(eq(users.id, viewer.id));
  // Rows from before verification was recorded have an email without emailVerified: they
  // count as unverified until the next sign-in records what GitHub says.
  const emailVerified = Boolean(user?.email && user.emailVerified);
  const email = (user?.email ?? user?.unverifiedEmail)?.toLowerCase() ?? null;
  const [row] = email ? await db.select().from(subscriptions).where(eq(subscriptions.email, email)) : [];
  return { email, emailVerified, subscription: row ?? null };
}

export type UserSubscriptionResult = "active" | "confirmation_sent" | "unsubscribed";

/**
 * One click for a signed-in user. An address GitHub says it verified (users.email_verified,
 * set at sign-in from /user/emails: lib/identity/auth.ts) is subscribed at once; any other address
 * gets the double opt-in mail, exactly as the anonymous form does, because a GitHub account
 * can claim an address its owner does not control. `null` unsubscribes.
 */
export async function setUserSubscription(
  viewer: Viewer | null,
  frequency: Frequency | null,
  ip: string,
  now = new Date(),
): Promise<UserSubscriptionResult> {
  if (!viewer) throw new AppError(401, "Sign in to manage your subscription.");
  const { email, emailVerified } = await getUserSubscription(viewer);
  if (!email)
    throw new AppError(409, "Your GitHub account shares no e-mail address with us: subscribe with the form instead.");
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new AppError(409, "Your GitHub e-mail address cannot receive the digest.");
  const db = getDb();
  if (frequency === null) {
    await db
      .update(subscriptions)
      .set({ status: "unsubscribed", unsubscribedAt: now })
      .where(eq(subscriptions.email, parsed.data));
    return "unsubscribed";
  }
  if (!emailVerified) {
    await requestSubscription({ email: parsed.data, frequency }, ip, now);
    return "confirmation_sent";
  }
  await db
    .insert(subscriptions)
    .values({ email: parsed.data, frequency, status: "active", userId: viewer.id, confirmedAt: now })
    .onConflictDoUpdate({
      target: subscriptions.email,
      set: { frequency, status: "active", userId: viewer.id, confirmedAt: now, unsubscribedAt: null },
    });
  return "active";
}

// ---------------------------------------------------------------------------------------
// The digest.

export interface DigestPeriod {
  frequency: Frequency;
  /** YYYY-MM-DD (daily: that day's trending snapshot) or YYYY-Www (weekly: votes that week). */
  key: string;
}

export async function buildDigest(period: DigestPeriod): Promise<Omit<DigestEmailInput, "unsubscribeUrl"> | null> {
  const env = getEnv();
  const paperUrl = (arxivId: string) => env.SITE_URL + paperHref(arxivId);
  if (period.frequency === "daily") {
    if (!parseDay(period.key)) return null;
    const snapshot = await getTrendingSnapshot(period.key, { limit: MAX_DIGEST_PAPERS, offset: 0 });
    if (!snapshot.computed) return null;
    return {
      siteName: "Paperboard",
      siteUrl: env.SITE_URL,
      period: "daily",
      periodLabel: dayLabel(period.key),
      previewUrl: `${env.SITE_URL}/digest/${period.key}`,
      papers: snapshot.items.map((item) => ({ ...item, rank: item.trending.rank, url: paperUrl(item.arxivId) })),
    };
  }
  if (!parseWeek(period.key)) return null;
  const feed = await getFeed({ feed: "weekly", week: period.key, limit: MAX_DIGEST_PAPERS });
  return {
    siteName: "Paperboard",
    siteUrl: env.SITE_URL,
    period: "weekly",
    periodLabel: weekLabel(period.key),
    previewUrl: `${env.SITE_URL}/weekly/${period.key}`,
    papers: feed.items.map((item, index) => ({ ...item, rank: index + 1, url: paperUrl(item.arxivId) })),
  };
}

/** The periods due now: yesterday's daily digest, once its snapshot exists; last week's weekly one. */
export async function duePeriods(now = new Date()): Promise<DigestPeriod[]> {
  const yesterday = addDays(formatDay(now), -1);
  const [run] = await getDb().select().from(trendingSnapshotRuns).where(eq(trendingSnapshotRuns.date, yesterday));
  const due: DigestPeriod[] = [];
  if (run) due.push({ frequency: "daily", key: yesterday });
  due.push({ frequency: "weekly", key: addWeeks(weekOf(now), -1) });
  return due;
}

function messageIdFor(subscriptionId: number, periodKey: string): string {
  return `<digest-${periodKey}-${subscriptionId}@${new URL(getEnv().SITE_URL).hostname}>`;
}

/**
 * Queues one delivery per active subscriber of the period's frequency. The unique
 * (subscription, period) key makes this idempotent and safe to run on every server.
 */
export async function enqueueDigests(period: DigestPeriod, now = new Date()): Promise<number> {
  const active = await getDb()
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.status, "active"), eq(subscriptions.frequency, period.frequency)));
  if (active.length === 0) return 0;
  const inserted = await getDb()
    .insert(digestDeliveries)
    .values(
      active.map((row) => ({
        subscriptionId: row.id,
        periodKey: `${period.frequency}:${period.key}`,
        messageId: messageIdFor(row.id, period.key),
        nextAttemptAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: digestDeliveries.id });
  return inserted.length;
}

/** How long a claimed delivery belongs to its sender before another may take it over. */
export const DELIVERY_LEASE_SECONDS = 10 * 60;
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Back-off after the n-th failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h. */
const BACKOFF_SECONDS = [60, 300, 1800, 7200, 21_600];

/**
 * What a failed send records on its delivery row (digests and notification mail alike):
 * failed for good after MAX_DELIVERY_ATTEMPTS or a permanent refusal, else pending again after
 * the back-off, the lease released either way.
 */
export function failedDelivery(error: MailError, attempts: number, now: Date) {
  const permanent = !error.retryable || attempts >= MAX_DELIVERY_ATTEMPTS;
  const backoff = BACKOFF_SECONDS[Math.min(attempts - 1, BACKOFF_SECONDS.length - 1)]!;
  return {
    permanent,
    row: {
      status: permanent ? ("failed" as const) : ("pending" as const),
      leaseUntil: null,
      lastError: error.message.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + backoff * 1000),
    },
  };
}

export interface DeliveryHooks {
  /** Test seam: runs after the SMTP server accepted the message, before it is recorded. */
  afterSend?: (deliveryId: number) => Promise<void> | void;
}

/**
 * Sends due deliveries. Each is claimed with FOR UPDATE SKIP LOCKED (two senders never get
 * the same row) under a lease; sent, then recorded. A row whose sender died keeps its lease
 * until it expires, then goes out again with the same Message-ID: the one moment SMTP leaves
 * open is between the server's "250 OK" and our record of it (docs/JOBS.md).
 */
export async function sendDueDigests(
  options: { mailer?: Mailer; now?: Date; limit?: number; hooks?: DeliveryHooks } = {},
): Promise<{ sent: number; failed: number; retried: number }> {
  const mailer = options.mailer ?? getMailer();
  const limit = options.limit ?? 500;
  const result = { sent: 0, failed: 0, retried: 0 };
  const digests = new Map<string, Awaited<ReturnType<typeof buildDigest>>>();
  for (let i = 0; i < limit; i++) {
    const now = options.now ?? new Date();
    const claimed = await getDb().execute<{
      id: number;
      subscription_id: number;
      period_key: string;
      message_id: string;
      attempts: number;
    }>(sql`
      update digest_deliveries d
      set status = 'sending', lease_until = ${now.toISOString()}::timestamptz + make_interval(secs => ${DELIVERY_LEASE_SECONDS}), attempts = d.attempts + 1
      where d.id = (
        select id from digest_deliveries
        where (status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz)
           or (status = 'sending' and lease_until < ${now.toISOString()}::timestamptz)
        order by next_attempt_at, id
        for update skip locked
        limit 1)
      returning d.id, d.subscription_id, d.period_key, d.message_id, d.attempts`);
    const delivery = claimed[0];
    if (!delivery) break;
    const [subscription] = await getDb()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, delivery.subscription_id));
    if (!subscription || subscription.status !== "active") {
      await getDb().delete(digestDeliveries).where(eq(digestDeliveries.id, delivery.id));
      continue;
    }
    const [frequency, key] = delivery.period_key.split(":") as [Frequency, string];
    if (!digests.has(delivery.period_key)) digests.set(delivery.period_key, await buildDigest({ frequency, key }));
    const digest = digests.get(delivery.period_key);
    if (!digest || digest.papers.length === 0) {
      // Nothing trended: no mail, and the period counts as done for this subscriber.
      await getDb()
        .update(digestDeliveries)
        .set({ status: "sent", sentAt: now, lastError: "nothing to send" })
        .where(eq(digestDeliveries.id, delivery.id));
      continue;
    }
    const mail = renderDigestEmail({ ...digest, unsubscribeUrl: unsubscribeUrl(subscription.id, subscription.email) });
    try {
      await mailer.send({
        to: subscription.email,
        ...mail,
        messageId: delivery.message_id,
        headers: {
          "List-Unsubscribe": `<${oneClickUnsubscribeUrl(subscription.id, subscription.email)}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      });
      await options.hooks?.afterSend?.(delivery.id);
      await getDb()
        .update(digestDeliveries)
        .set({ status: "sent", sentAt: new Date(), leaseUntil: null, lastError: null })
        .where(eq(digestDeliveries.id, delivery.id));
      result.sent += 1;
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      const { permanent, row } = failedDelivery(error, delivery.attempts, now);
      await getDb().update(digestDeliveries).set(row).where(eq(digestDeliveries.id, delivery.id));
      if (permanent) result.failed += 1;
      else result.retried += 1;
    }
  }
  return result;
}

/** The scheduled job: queue what is due, then send. */
export async function runDigestJob(
  now = new Date(),
): Promise<{ queued: number; sent: number; failed: number; retried: number }> {
  let queued = 0;
  for (const period of await duePeriods(now)) queued += await enqueueDigests(period, now);
  const sent = await sendDueDigests({ now });
  return { queued, ...sent };
}
