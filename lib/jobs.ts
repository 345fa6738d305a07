import "server-only";
import { getEnv } from "@/lib/env";
import { catchUpTrendingSnapshots } from "@/lib/trending";
import { runScheduledIngest } from "@/lib/scheduled-ingest";
import { runDigestJob } from "@/lib/subscriptions";
import { refreshGithubStars } from "@/lib/github-stars";

/**
 * The in-app scheduler (docs/JOBS.md). Every app server runs it; the jobs themselves are
 * safe to run concurrently (advisory locks, idempotent writes), so no leader election is
 * needed. A server that was down catches up on start.
 */

const FIRST_RUN_DELAY_MS = 5_000;
const INTERVAL_MS = 5 * 60 * 1000;

export interface Job {
  name: string;
  run(now: Date): Promise<unknown>;
}

export const jobs: Job[] = [
  {
    name: "trending-snapshots",
    run: async (now) => {
      const written = await catchUpTrendingSnapshots(now);
      if (written.length > 0) console.log(`[jobs] trending snapshots written: ${written.join(", ")}`);
      return written;
    },
  },
  {
    // After the snapshots, so that yesterday's digest finds yesterday's snapshot.
    name: "digest",
    run: async (now) => {
      const result = await runDigestJob(now);
      if (result.queued + result.sent + result.failed > 0) console.log(`[jobs] digest: ${JSON.stringify(result)}`);
      return result;
    },
  },
  {
    name: "arxiv-ingest",
    run: (now) => runScheduledIngest(now),
  },
  {
    // Each repository once a day; a rate limit stops the run until GitHub's reset.
    name: "github-stars",
    run: async (now) => {
      const result = await refreshGithubStars(now);
      if (result.checked + result.notModified + result.renamed + result.gone + result.failed > 0) console.log(`[jobs] github stars: ${JSON.stringify(result)}`);
      return result;
    },
  },
];

export async function runJobsOnce(now = new Date()): Promise<void> {
  for (const job of jobs) {
    try {
      await job.run(now);
    } catch (error) {
      console.error(`[jobs] ${job.name} failed; it will be retried at the next tick`, error);
    }
  }
}

const globalScheduler = globalThis as unknown as { paperboardScheduler?: NodeJS.Timeout };

export function startScheduler(): void {
  if (!getEnv().JOBS_ENABLED || globalScheduler.paperboardScheduler) return;
  const tick = () => void runJobsOnce();
  setTimeout(tick, FIRST_RUN_DELAY_MS).unref();
  globalScheduler.paperboardScheduler = setInterval(tick, INTERVAL_MS);
  globalScheduler.paperboardScheduler.unref();
}
