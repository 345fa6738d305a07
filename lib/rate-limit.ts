import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";

/**
 * Rate limits kept in PostgreSQL, so that they hold across every app server. Fixed windows:
 * one atomic upsert per request (`hits = hits + 1 ... returning hits`), no read-then-write
 * race. A fixed window lets a client spend up to twice the limit across a window boundary;
 * that is the accepted price of one statement per check.
 */

export interface RateLimitRule {
  /** Shown in messages: "votes", "comments". */
  what: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

// Sweeping old windows on about one call in a hundred keeps the table small without a job.
const SWEEP_PROBABILITY = 0.01;

export async function consumeRateLimit(key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const db = getDb();
  const [row] = await db.execute<{ hits: number }>(sql`
    insert into rate_limit_counters (key, window_start, hits)
    values (${key}, ${windowStart.toISOString()}, 1)
    on conflict (key, window_start) do update set hits = rate_limit_counters.hits + 1
    returning hits`);
  if (Math.random() < SWEEP_PROBABILITY) {
    // Relative to the same clock as the counting, so that a window still in use is never swept.
    await db.execute(sql`delete from rate_limit_counters where window_start < ${now.toISOString()}::timestamptz - interval '2 days'`);
  }
  const hits = row?.hits ?? 1;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: hits <= rule.limit, hits, retryAfterSeconds };
}

/** Throws a 429 AppError carrying Retry-After when the key is over its limit. */
export async function enforceRateLimit(key: string, rule: RateLimitRule, now = new Date()): Promise<void> {
  assertWithinLimit(await consumeRateLimit(key, rule, now), rule);
}

/**
 * The 429 for a counted hit. Rules of the same window may share one counter and be chosen
 * after counting (votes: 60 a minute, 10 for a day-old account).
 */
export function assertWithinLimit(result: RateLimitResult, rule: RateLimitRule): void {
  if (result.hits > rule.limit) {
    throw new AppError(
      429,
      `Too many ${rule.what}: at most ${rule.limit} every ${describeWindow(rule.windowSeconds)}. Try again in ${result.retryAfterSeconds} s.`,
      { retryAfterSeconds: result.retryAfterSeconds },
    );
  }
}

function describeWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Accounts younger than this on Paperboard get the stricter rules. */
export const NEW_ACCOUNT_SECONDS = 24 * 60 * 60;

export function isNewAccount(joinedAt: Date, now = new Date()): boolean {
  return now.getTime() - joinedAt.getTime() < NEW_ACCOUNT_SECONDS * 1000;
}
