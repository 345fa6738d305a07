import "server-only";
import { getSql } from "@/db/client";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { catchUpTrendingSnapshots } from "@/lib/ranking/trending";
import { runScheduledIngest } from "@/lib/intake/scheduled-ingest";
import { runDigestJob } from "@/lib/mail/subscriptions";
import { refreshGithubStars } from "@/lib/papers/github-stars";
import { fanOutNewPapers } from "@/lib/reader/notifications";
import { runNotificationEmailJob } from "@/lib/reader/notification-mail";

/**
 * The background jobs (docs/JOBS.md), run by the in-app scheduler of every app server and
 * by `POST /api/cron/jobs` from outside. Each run of a job holds a lock named after it, so
 * that callers on several servers at once run each job once and the others answer "busy";
 * the jobs are also safe to run concurrently in themselves (advisory locks, idempotent
 * writes). A server that was down catches up on start.
 */

const FIRST_RUN_DELAY_MS = 5_000;
const INTERVAL_MS = 5 * 60 * 1000;

export interface Job {
  name: string;
  run(now: Date): Promise<unknown>;
}

export const jobs: Job[] = [
  { name: "trending-snapshots", run: (now) => catchUpTrendingSnapshots(now) },
  // After the snapshots, so that yesterday's digest finds yesterday's snapshot.
  { name: "digest", run: (now) => runDigestJob(now) },
  { name: "arxiv-ingest", run: (now) => runScheduledIngest(now) },
  // Each repository about once a day; a rate limit stops the run until GitHub's reset.
  { name: "github-stars", run: (now) => refreshGithubStars(now) },
  // New papers' notifications for their authors' and categories' followers, in batches.
  { name: "notification-fanout", run: (now) => fanOutNewPapers(now) },
  // After the fan-out, so that a mail carries the papers fanned out in this run.
  { name: "notification-email", run: (now) => runNotificationEmailJob(now) },
];

/** What one job did in one run: `result` is the job's own summary (days written, mails sent, categories ingested). */
export type JobOutcome =
  | { job: string; outcome: "ok"; ms: number; result: unknown }
  | { job: string; outcome: "failed"; ms: number; error: string }
  | { job: string; outcome: "busy" };

/** An empty list of days or categories, or a digest run whose counts are all zero. */
function didNothing(result: unknown): boolean {
  if (Array.isArray(result)) return result.length === 0;
  return typeof result === "object" && result !== null && Object.values(result).every((value) => value === 0);
}

async function runJobUnderLock(job: Job, now: Date): Promise<JobOutcome> {
  // A session lock is taken and released on one connection: reserve it for the run.
  const connection = await getSql().reserve();
  try {
    const [lock] = await connection<
      { locked: boolean }[]
    >`select pg_try_advisory_lock(hashtext(${`job:${job.name}`})) as locked`;
    if (!lock?.locked) {
      metrics.jobRuns.inc({ job: job.name, outcome: "busy" });
      return { job: job.name, outcome: "busy" };
    }
    const started = Date.now();
    try {
      const result = await job.run(now);
      const ms = Date.now() - started;
      metrics.jobRuns.inc({ job: job.name, outcome: "ok" });
      metrics.jobDuration.observe({ job: job.name }, ms / 1000);
      // A run that found nothing due (every 5 minutes on every server) only at debug level.
      logger[didNothing(result) ? "debug" : "info"]({ job: job.name, outcome: "ok", ms, result }, "job");
      return { job: job.name, outcome: "ok", ms, result: result ?? null };
    } catch (error) {
      const ms = Date.now() - started;
      metrics.jobRuns.inc({ job: job.name, outcome: "failed" });
      metrics.jobDuration.observe({ job: job.name }, ms / 1000);
      logger.error({ job: job.name, outcome: "failed", ms, err: error }, "job failed; it is retried at the next run");
      return { job: job.name, outcome: "failed", ms, error: error instanceof Error ? error.message : String(error) };
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${`job:${job.name}`}))`;
    }
  } finally {
    connection.release();
  }
}

/** Runs every job once, in order; a failing job does not stop the next. */
export async function runJobsOnce(now = new Date()): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs) outcomes.push(await runJobUnderLock(job, now));
  return outcomes;
}

const globalScheduler = globalThis as unknown as { paperboardScheduler?: NodeJS.Timeout };

export function startScheduler(): void {
  if (!getEnv().JOBS_ENABLED || globalScheduler.paperboardScheduler) return;
  const tick = () =>
    void runJobsOnce().catch((error: unknown) =>
      logger.error({ err: error }, "job scheduler tick failed (database unreachable?)"),
    );
  setTimeout(tick, FIRST_RUN_DELAY_MS).unref();
  globalScheduler.paperboardScheduler = setInterval(tick, INTERVAL_MS);
  globalScheduler.paperboardScheduler.unref();
}
