import "server-only";
import { getSql } from "@/db/client";
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

/** The fixed window `now` falls in, and how to read a hit count in it. */
export function rateLimitWindow(rule: RateLimitRule, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return {
    start,
    result: (hits: number): RateLimitResult => ({ allowed: hits <= rule.limit, hits, retryAfterSeconds }),
  };
}

/**
 * Counts one hit for `key` in the rule's current window. The upsert is the SQL function
 * consume_rate_limit (drizzle/0009_hot_vote_path.sql), which the vote statement calls too.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
  const window = rateLimitWindow(rule, now);
  const [row] = await getSql()<
    { hits: number }[]
  >`select consume_rate_limit(${key}, ${window.start.toISOString()}::timestamptz) as hits`;
  await sweepRateLimitsSometimes(now);
  return window.result(row?.hits ?? 1);
}

/**
 * Now and then, deletes windows over two days old, relative to the same clock as the
 * counting so that a window still in use is never swept.
 */
export async function sweepRateLimitsSometimes(now: Date): Promise<void> {
  if (Math.random() >= SWEEP_PROBABILITY) return;
  await getSql()`delete from rate_limit_counters where window_start < ${now.toISOString()}::timestamptz - interval '2 days'`;
}

/** Throws a 429 AppError carrying Retry-After when the key is over its limit. */
export async function enforceRateLimit(key: string, rule: RateLimitRule, now = new Date()): Promise<void> {
  const result = await consumeRateLimit(key, rule, now);
  if (!result.allowed) throw rateLimitError(result, rule);
}

/**
 * The 429 for a counted hit, with Retry-After and a message that says the limit. Rules of
 * the same window may share one counter (votes: 60 a minute, 10 for a day-old account).
 */
export function rateLimitError(result: RateLimitResult, rule: RateLimitRule): AppError {
  return new AppError(
    429,
    `Too many ${rule.what}: at most ${rule.limit} every ${describeWindow(rule.windowSeconds)}. Try again in ${result.retryAfterSeconds} s.`,
    { retryAfterSeconds: result.retryAfterSeconds },
  );
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
