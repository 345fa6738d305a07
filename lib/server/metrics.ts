import client from "prom-client";
import { pageCacheStats } from "@/lib/cache/shared-pages";

/**
 * The Prometheus metrics of GET /api/metrics (prom-client). Counters live in this process:
 * each app server exposes its own and Prometheus adds them up across servers (scrape every
 * server, not the load balancer). Names follow Prometheus's conventions: `_total` for
 * counters, `_seconds` for durations, a `paperboard_` prefix for what is ours.
 *
 * prom-client is a server-external package (next.config.ts), so every bundle of the server
 * shares one registry; the metrics themselves are kept on globalThis so that a development
 * reload does not register them twice.
 */

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "paperboard_process_" });
  return {
    registry,
    httpRequestDuration: new client.Histogram({
      name: "http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by method, route (the page or handler pattern, e.g. /papers/[id]) and status. Its _count is the number of requests.",
      labelNames: ["method", "route", "status"] as const,
      // From a cached page (a few ms) to a slow search (over a second).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    votes: new client.Counter({
      name: "paperboard_votes_total",
      help: "Paper votes recorded, by direction (up: a new upvote, down: one taken back).",
      labelNames: ["direction"] as const,
      registers: [registry],
    }),
    comments: new client.Counter({
      name: "paperboard_comments_total",
      help: "Comments posted.",
      registers: [registry],
    }),
    signIns: new client.Counter({
      name: "paperboard_sign_ins_total",
      help: "Successful sign-ins.",
      registers: [registry],
    }),
    liveRankingCache: new client.Counter({
      name: "paperboard_live_ranking_cache_total",
      help: "Reads of the live trending ranking: hit (served from this server's copy) or miss (computed, or waited for a computation).",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    // Counted by the page cache itself (proxy.ts loads no metrics library), read at scrape time.
    pageCache: new client.Counter({
      name: "paperboard_page_cache_total",
      help: "Feed and paper page requests: hit (signed out, answered from this server's stored copy), overlay (signed in, made from a stored copy by the reader overlay), pass (rendered by Next), fill (renders made to store a copy).",
      labelNames: ["result"] as const,
      registers: [registry],
      collect() {
        const { counts } = pageCacheStats();
        this.reset();
        for (const result of ["hit", "overlay", "pass", "fill"] as const) this.inc({ result }, counts[result]);
      },
    }),
    pageCacheBytes: new client.Gauge({
      name: "paperboard_page_cache_bytes",
      help: "Bytes of HTML of the pages this server keeps (at most 64 MiB).",
      registers: [registry],
      collect() {
        this.set(pageCacheStats().bytes);
      },
    }),
    jobRuns: new client.Counter({
      name: "paperboard_job_runs_total",
      help: "Background job runs by job and outcome (ok, failed, or busy: another server or call was running it).",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new client.Histogram({
      name: "paperboard_job_duration_seconds",
      help: "Duration of background job runs that ran (ok or failed).",
      labelNames: ["job"] as const,
      buckets: [0.01, 0.1, 1, 10, 60, 600],
      registers: [registry],
    }),
    dbPoolMax: new client.Gauge({
      name: "paperboard_db_pool_max",
      help: "Connections this server may open (DATABASE_POOL_MAX).",
      registers: [registry],
    }),
    dbPoolConnections: new client.Gauge({
      name: "paperboard_db_pool_connections",
      help: "This server's open database connections by state (active: running a query; idle; idle in transaction), as PostgreSQL sees them, read at scrape time.",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalMetrics = globalThis as unknown as { paperboardMetrics?: Metrics };
export const metrics: Metrics = (globalMetrics.paperboardMetrics ??= createMetrics());
