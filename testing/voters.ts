import type { users } from "@/db/schema";

export const HOUR_MS = 3_600_000;

/**
 * "Now" for the ranking tests: 17 minutes into the current hour (votes are bucketed by the
 * hour), so that the same offsets from it land in the same buckets whenever the test runs.
 */
export function pastTheHour(): Date {
  return new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 17 * 60 * 1000);
}

/**
 * `count` voters, ids u0, u1, …, logins `${loginPrefix}0`, …, whose accounts were made 400
 * days before `now`: old enough that their votes weigh in full.
 */
export function voterRows(count: number, now: Date, loginPrefix = "u"): (typeof users.$inferInsert)[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `u${i}`,
    githubLogin: `${loginPrefix}${i}`,
    createdAt: new Date(now.getTime() - 400 * 24 * HOUR_MS),
  }));
}
