import { sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getDb, type Database } from "../../db/client";
import { computeTrending, trendingParams, writeTrendingSnapshot } from "../../lib/ranking/trending";
import { median, timed, waitForQuiet } from "./format";

/** The trending recompute and the daily snapshot, timed through the app's own functions. */

export interface TrendingTiming {
  medianMs: number;
  runsMs: number[];
  /**
   * The same query with parallel workers off: the planner goes parallel once the table is
   * big enough, which changes the time by itself; serially, before and after compare like
   * for like.
   */
  serialMedianMs: number;
  serialRunsMs: number[];
  rows: number;
  bucketsInWindow: number;
  votesInWindow: number;
  /** The interesting lines of EXPLAIN (ANALYZE, BUFFERS) of computeTrending's query. */
  plan: string[];
  /** Buffers (8 kB pages) the query touched, from EXPLAIN: the work, free of timing noise. */
  buffers: number;
  busyBefore: number | null;
}

async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; runsMs: number[] }> {
  await fn(); // warm-up: plan cache, buffers
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) runsMs.push((await timed(fn)).ms);
  return { medianMs: median(runsMs), runsMs };
}

export async function timeTrending(now: Date, databaseUrl: string, runs = 7): Promise<TrendingTiming> {
  const busyBefore = await waitForQuiet("computeTrending");
  let rows = 0;
  const { medianMs, runsMs } = await medianOf(runs, async () => {
    rows = (await computeTrending(now)).length;
  });
  const serialClient = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    connection: { TimeZone: "UTC", max_parallel_workers_per_gather: "0" },
  });
  let serial: { medianMs: number; runsMs: number[] };
  try {
    const serialDb = drizzle(serialClient) as unknown as Pick<Database, "execute">;
    serial = await medianOf(runs, () => computeTrending(now, undefined, undefined, serialDb));
  } finally {
    await serialClient.end();
  }
  const { windowDays } = trendingParams();
  const [window] = await getDb().execute<{ buckets: number; votes: number }>(sql`
    select count(*)::int as buckets, coalesce(sum(votes), 0)::int as votes from vote_buckets
    where hour < ${now.toISOString()}::timestamptz
      and hour >= ${now.toISOString()}::timestamptz - make_interval(days => ${windowDays}::int)`);
  return {
    medianMs,
    runsMs,
    serialMedianMs: serial.medianMs,
    serialRunsMs: serial.runsMs,
    rows,
    bucketsInWindow: window?.buckets ?? 0,
    votesInWindow: window?.votes ?? 0,
    ...(await explainTrending(now)),
    busyBefore,
  };
}

/**
 * EXPLAIN of the very statement computeTrending sends: it is handed an executor that runs
 * the statement under EXPLAIN and keeps the plan (computeTrending's own result is ignored).
 */
async function explainTrending(now: Date): Promise<{ plan: string[]; buffers: number }> {
  const lines: string[] = [];
  const explaining = {
    execute: async (query: SQL) => {
      const plan = await getDb().execute<{ "QUERY PLAN": string }>(sql`explain (analyze, buffers) ${query}`);
      lines.push(...plan.map((row) => row["QUERY PLAN"]));
      return [];
    },
  } as unknown as Pick<Database, "execute">;
  await computeTrending(now, undefined, undefined, explaining);
  // The first Buffers line belongs to the top node: it counts the whole query.
  const top = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(
    lines.find((line) => line.includes("Buffers: shared")) ?? "",
  );
  const buffers = Number(top?.[1] ?? 0) + Number(top?.[2] ?? 0);
  const plan = lines
    .filter((line) => /Scan|Aggregate|Sort Method|Execution Time|Batches|Buffers: shared/.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^->\s*/, "")
        .replace(/\s*\(cost=[^)]*\)/, ""),
    )
    .filter((line) => !line.startsWith("Buffers"))
    .slice(0, 8);
  return { plan, buffers };
}

export interface SnapshotTiming {
  day: string;
  medianMs: number;
  rows: number;
}

/** writeTrendingSnapshot for one day (idempotent: each run rewrites the same rows). */
export async function timeSnapshot(day: string, runs = 3): Promise<SnapshotTiming> {
  await writeTrendingSnapshot(day);
  const runsMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, value } = await timed(() => writeTrendingSnapshot(day));
    runsMs.push(ms);
    rows = value;
  }
  return { day, medianMs: median(runsMs), rows };
}
