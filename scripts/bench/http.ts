import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import type postgres from "postgres";
import { appServerArgs } from "../app-server-command";
import { duration, log, waitForQuiet } from "./format";

/**
 * The HTTP half of the benchmark: the production build in its own folder (.next-bench, so
 * that a dev server or a test build in .next is never disturbed), `next start` on a free
 * loopback port, and autocannon against it from this process.
 */

const ROOT = process.cwd();
export const DIST_DIR = ".next-bench";
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

// ---------------------------------------------------------------------------------------
// Child processes: every one we start is stopped on exit, also on Ctrl-C.

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Synchronous, so that it also works from an 'exit' handler. */
export function killChildren(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** The last lines a child printed, for error messages. */
function ringBuffer(child: ChildProcess, size = 200): () => string {
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > size) lines.splice(0, lines.length - size);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return () => lines.join("\n");
}

// ---------------------------------------------------------------------------------------
// The build.

const SOURCE_DIRS = ["app", "lib", "components", "db", "public"];
const SOURCE_FILES = [
  "next.config.ts",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "postcss.config.mjs",
  "package-lock.json",
];

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: "", mtimeMs: 0 };
  const visit = (file: string) => {
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else if (!/\.test\.tsx?$/.test(file) && stat.mtimeMs > newest.mtimeMs) {
      newest = { file: path.relative(ROOT, file), mtimeMs: stat.mtimeMs };
    }
  };
  for (const entry of [...SOURCE_DIRS, ...SOURCE_FILES]) {
    const file = path.join(ROOT, entry);
    if (existsSync(file)) visit(file);
  }
  return newest;
}

/**
 * `next build` writes its dist folder into tsconfig.json's "include" and into next-env.d.ts.
 * Those files belong to the project (and to whoever runs `next dev` next to us): while the
 * build runs, any such change is undone at once, keeping every other change to the file.
 */
function guardProjectFiles(): { check(): void; restored: Set<string> } {
  const files = ["tsconfig.json", "next-env.d.ts"]
    .map((name) => path.join(ROOT, name))
    .filter((file) => existsSync(file));
  const originals = new Map(files.map((file) => [file, { text: readFileSync(file, "utf8"), stat: statSync(file) }]));
  const restored = new Set<string>();
  const check = () => {
    for (const [file, original] of originals) {
      let current: string;
      try {
        current = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      if (current === original.text || !current.includes(DIST_DIR)) continue;
      let replacement = original.text;
      if (file.endsWith(".json")) {
        try {
          const parsed = JSON.parse(current) as { include?: unknown };
          if (Array.isArray(parsed.include)) {
            parsed.include = parsed.include.filter(
              (entry) => !(typeof entry === "string" && entry.startsWith(`${DIST_DIR}/`)),
            );
          }
          // Someone else changed the file meanwhile: keep their change, drop only ours.
          if (JSON.stringify(parsed) !== JSON.stringify(JSON.parse(original.text)))
            replacement = `${JSON.stringify(parsed, null, 2)}\n`;
        } catch {
          // Not plain JSON: put the original back.
        }
      }
      writeFileSync(file, replacement);
      if (replacement === original.text) utimesSync(file, original.stat.atime, original.stat.mtime);
      restored.add(path.relative(ROOT, file));
    }
  };
  return { check, restored };
}

export type BuildMode = "auto" | "force" | "skip";

export interface BuildOutcome {
  action: "built" | "up to date" | "skipped (--no-build)";
  ms: number;
  /** Route table lines of the build for / and /about, when built. */
  routes: string[];
}

export async function ensureBuild(mode: BuildMode): Promise<BuildOutcome> {
  const buildId = path.join(ROOT, DIST_DIR, "BUILD_ID");
  if (mode === "skip") {
    if (!existsSync(buildId))
      throw new Error(`--no-build: there is no build in ${DIST_DIR}/ yet; run once without --no-build.`);
    return { action: "skipped (--no-build)", ms: 0, routes: [] };
  }
  if (mode === "auto" && existsSync(buildId)) {
    const newest = newestSource();
    if (statSync(buildId).mtimeMs > newest.mtimeMs) return { action: "up to date", ms: 0, routes: [] };
    log(`build: ${newest.file} is newer than ${DIST_DIR}/BUILD_ID`);
  }
  log(`building into ${DIST_DIR}/ (NEXT_DIST_DIR=${DIST_DIR} next build)…`);
  const guard = guardProjectFiles();
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: ROOT,
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const output = ringBuffer(child, 400);
  const poll = setInterval(guard.check, 100);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearInterval(poll);
  guard.check();
  if (guard.restored.size > 0) log(`build: undid its edits to ${[...guard.restored].join(", ")}`);
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output().split("\n").slice(-40).join("\n")}`);
  const routes = output()
    .split("\n")
    .filter((line) => /[○ƒ●◐]\s+\/(about)?\s*(\s|$)/.test(line))
    .map((line) => line.trim());
  return { action: "built", ms: performance.now() - started, routes };
}

// ---------------------------------------------------------------------------------------
// The server.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One secret for every server of a run: sessions are database rows, valid on any of them. */
const BENCH_AUTH_SECRET = randomBytes(33).toString("base64");

export interface AppServer {
  pid: number | null;
  /** Where autocannon connects: loopback only. */
  baseUrl: string;
  /** SITE_URL and AUTH_URL: what the Origin header of a same-site write carries. */
  siteUrl: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startServer(
  databaseUrl: string,
  options: { label?: string; otherPort?: boolean } = {},
): Promise<AppServer> {
  // A second server (the propagation measurement) always takes a free port.
  const port = process.env.BENCH_APP_PORT && !options.otherPort ? Number(process.env.BENCH_APP_PORT) : await freePort();
  const siteUrl = `http://localhost:${port}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = track(
    // BENCH_SERVER_NODE_ARGS: node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    spawn(
      process.execPath,
      appServerArgs({
        port,
        hostname: "127.0.0.1",
        nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean),
      }),
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          NEXT_DIST_DIR: DIST_DIR,
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          AUTH_SECRET: BENCH_AUTH_SECRET,
          AUTH_URL: siteUrl,
          SITE_URL: siteUrl,
          // Sign-in is never used here; configured so that pages render as in production.
          AUTH_GITHUB_ID: "bench-client-id",
          AUTH_GITHUB_SECRET: "bench-client-secret",
          JOBS_ENABLED: "false",
          DEMO_SIGN_IN: "false",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    ),
  );
  const output = ringBuffer(child);
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the app server exited (${child.exitCode ?? child.signalCode}):\n${output().split("\n").slice(-30).join("\n")}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 90_000) {
      await stopChild(child);
      throw new Error(
        `the app server did not answer /api/health within 90 s:\n${output().split("\n").slice(-30).join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(
    `${options.label ?? "app server"} (${appServerArgs({ port })
      .slice(1)
      .map((arg) => path.relative(ROOT, arg) || arg)
      .join(" ")}) on ${baseUrl} (SITE_URL ${siteUrl}) ready in ${duration(performance.now() - started)}`,
  );
  return { pid: child.pid ?? null, baseUrl, siteUrl, stop: () => stopChild(child), output };
}

// ---------------------------------------------------------------------------------------
// Where the CPU goes during a run: the next server's and postgres's process trees (/proc).

let ticks: number | undefined;
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU seconds used so far by each tree rooted at the given pids (null for a null pid). */
function treeCpuSeconds(roots: (number | null)[]): (number | null)[] {
  const parent = new Map<number, number>();
  const used = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return roots.map(() => null);
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      parent.set(pid, Number(fields[1]));
      // utime + stime, and cutime + cstime for children that already exited.
      used.set(pid, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    } catch {
      // the process exited meanwhile
    }
  }
  return roots.map((root) => {
    if (root === null || !used.has(root)) return null;
    let total = 0;
    for (const [pid, value] of used) {
      let at: number | undefined = pid;
      while (at !== undefined && at > 1 && at !== root) at = parent.get(at);
      if (at === root) total += value;
    }
    return total / ticksPerSecond();
  });
}

export interface CpuShare {
  /** Per cent of one core over the run; 100 × cores is the whole machine. */
  next: number | null;
  postgres: number | null;
  /** This process: autocannon. */
  bench: number;
}

// ---------------------------------------------------------------------------------------
// Load.

export interface LoadResult {
  name: string;
  target: string;
  /** 2xx responses per second: the throughput that did the work. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Bytes on the wire per response, headers included. */
  bytesPerResponse: number;
  /** CPU share used by other processes just before the run (null: unknown). */
  busyBefore: number | null;
  cpu: CpuShare;
}

let current: autocannon.Instance | null = null;

/** Stops a running autocannon (Ctrl-C). */
export function stopLoad(): void {
  current?.stop();
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    current = autocannon(options, (error: unknown, result: autocannon.Result) => {
      current = null;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
  });
}

export interface LoadSettings {
  connections: number;
  warmupS: number;
  durationS: number;
}

/** A warm-up run (discarded), then the measured run, both with the same options. */
export async function measure(
  name: string,
  target: string,
  options: autocannon.Options,
  settings: LoadSettings,
  pids: { next: number | null; postgres: number | null },
): Promise<LoadResult> {
  const base: autocannon.Options = { connections: settings.connections, timeout: 30, ...options };
  const busyBefore = await waitForQuiet(name);
  if (settings.warmupS > 0) await run({ ...base, duration: settings.warmupS });
  const cpuBefore = treeCpuSeconds([pids.next, pids.postgres]);
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run({ ...base, duration: settings.durationS });
  const elapsedS = (performance.now() - started) / 1000;
  const cpuAfter = treeCpuSeconds([pids.next, pids.postgres]);
  const own = process.cpuUsage(ownBefore);
  const share = (index: number) => {
    const before = cpuBefore[index];
    const after = cpuAfter[index];
    return before === null || before === undefined || after === null || after === undefined
      ? null
      : ((after - before) / elapsedS) * 100;
  };
  const cpu: CpuShare = { next: share(0), postgres: share(1), bench: ((own.user + own.system) / 1e6 / elapsedS) * 100 };
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const ok = result["2xx"];
  const outcome: LoadResult = {
    name,
    target,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    busyBefore,
    cpu,
  };
  const codes = Object.entries(statusCodes)
    .map(([code, count]) => `${code}×${count}`)
    .join(" ");
  log(
    `${name} (${target}): ${outcome.rps.toFixed(0)} req/s (2xx), p50 ${outcome.p50} ms, p99 ${outcome.p99} ms; ` +
      `${outcome.requests} requests [${codes}], ${Math.round(outcome.bytesPerResponse).toLocaleString("en-US")} bytes each${outcome.non2xx ? `, non-2xx ${outcome.non2xx}` : ""}${outcome.errors ? `, errors ${outcome.errors} (timeouts ${outcome.timeouts})` : ""}; ` +
      `CPU ${describeCpu(cpu)}`,
  );
  return outcome;
}

export interface LoadTarget {
  name: string;
  target: string;
  options: autocannon.Options;
}

/** A measurement repeated: the figures of its median run, and every run's rate. */
export type RepeatedLoad = LoadResult & { runsRps: number[] };

/**
 * Measures the targets in turn, `rounds` times (A B C A B C …), so that a drift in the
 * machine's speed during the run falls on every side of a ratio; each target reports its
 * median run.
 */
export async function measureRounds(
  targets: LoadTarget[],
  rounds: number,
  settings: LoadSettings,
  pids: { next: number | null; postgres: number | null },
): Promise<RepeatedLoad[]> {
  const runs: LoadResult[][] = targets.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [index, target] of targets.entries()) {
      runs[index]!.push(
        await measure(
          rounds > 1 ? `${target.name} [${round}/${rounds}]` : target.name,
          target.target,
          target.options,
          settings,
          pids,
        ),
      );
    }
  }
  return runs.map((results): RepeatedLoad => {
    const sorted = [...results].sort((x, y) => x.rps - y.rps);
    const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return { ...middle, name: middle.name.replace(/ \[\d+\/\d+\]$/, ""), runsRps: results.map((result) => result.rps) };
  });
}

/** Two targets alternately (see measureRounds). */
export async function measurePair(
  a: LoadTarget,
  b: LoadTarget,
  rounds: number,
  settings: LoadSettings,
  pids: { next: number | null; postgres: number | null },
): Promise<[RepeatedLoad, RepeatedLoad]> {
  const [first, second] = await measureRounds([a, b], rounds, settings, pids);
  return [first!, second!];
}

/** The static page to compare with: /about when the app has it, else a file from public/. */
export async function pickStaticTarget(baseUrl: string): Promise<{ path: string; note: string }> {
  const response = await fetch(`${baseUrl}/about`, { redirect: "manual" });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status === 200) {
    const cache = response.headers.get("x-nextjs-cache") ?? response.headers.get("x-nextjs-prerender");
    const control = response.headers.get("cache-control") ?? "";
    const prerendered = Boolean(cache) || /s-maxage|max-age=\d{3,}/.test(control);
    return {
      path: "/about",
      note: `${prerendered ? "prerendered page" : `page NOT prerendered: cache-control "${control}"`}, ${bytes.toLocaleString("en-US")} bytes`,
    };
  }
  return {
    path: "/favicon.svg",
    note: `FALLBACK: /about answered ${response.status}; static file from public/ instead`,
  };
}

// ---------------------------------------------------------------------------------------
// Signed-in voters.

export const BENCH_VOTER_PREFIX = "bench-voter-";

/**
 * Users with Auth.js database sessions, written straight into the database as
 * e2e/sessions.ts does: joined 90 days ago (normal vote limits, full vote weight), GitHub
 * accounts 5 years old, sessions valid for 30 days (so that no request extends them).
 */
export async function createVoterSessions(sql: postgres.Sql, count: number): Promise<string[]> {
  await sql`
    insert into users (id, github_login, name, created_at, github_created_at)
    select ${BENCH_VOTER_PREFIX} || lpad(i::text, 5, '0'), ${BENCH_VOTER_PREFIX} || lpad(i::text, 5, '0'), 'Bench Voter ' || i,
           now() - interval '90 days', now() - interval '5 years'
    from generate_series(1, ${count}::int) as i`;
  const rows = await sql<{ token: string }[]>`
    insert into sessions (session_token, user_id, expires)
    select encode(sha256(convert_to(gen_random_uuid()::text || id, 'UTF8')), 'hex'), id, now() + interval '30 days'
    from users where id like ${`${BENCH_VOTER_PREFIX}%`}
    returning session_token as token`;
  return rows.map((row) => `authjs.session-token=${row.token}`);
}

/**
 * Every bench voter follows 500 authors and 20 categories (issue #18's heavy reader), so that
 * GET /following is measured at the size it must stay cheap at. Authors are taken from a
 * different offset of the name list for each voter; the categories are the 20 most common.
 */
export async function createBenchFollows(
  sql: postgres.Sql,
  authorsEach = 500,
  categoriesEach = 20,
): Promise<{ authorFollows: number; categoryFollows: number }> {
  const [authors] = await sql<{ n: number }[]>`
    with names as (select name, row_number() over (order by name) - 1 as i from (select distinct name from paper_authors) d),
         total as (select count(*)::int as n from names),
         voters as (select id, row_number() over (order by id) as v from users where id like ${`${BENCH_VOTER_PREFIX}%`}),
         inserted as (
           insert into author_follows (user_id, author_name)
           select picks.id, names.name
           from (select voters.id, (voters.v * 7919 + k) % total.n as i
                 from voters cross join total cross join generate_series(0, ${authorsEach} - 1) as k
                 where total.n > 0) as picks
           join names on names.i = picks.i
           on conflict do nothing
           returning 1)
    select count(*)::int as n from inserted`;
  const [categories] = await sql<{ n: number }[]>`
    with top as (select c from papers, unnest(categories) as c group by c order by count(*) desc limit ${categoriesEach}),
         inserted as (
           insert into category_follows (user_id, category)
           select u.id, top.c from users u, top where u.id like ${`${BENCH_VOTER_PREFIX}%`}
           on conflict do nothing
           returning 1)
    select count(*)::int as n from inserted`;
  await sql`analyze author_follows`;
  await sql`analyze category_follows`;
  return { authorFollows: authors?.n ?? 0, categoryFollows: categories?.n ?? 0 };
}

/**
 * One request template whose setupRequest walks through (session, paper) pairs: each pair
 * gets {"upvoted": true} then {"upvoted": false}, and consecutive pairs use consecutive
 * sessions, so that every session votes at the same slow pace (the limiter allows 60 a minute).
 */
export function voteRequests(cookies: string[], arxivIds: string[], siteUrl: string): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: "PUT",
      setupRequest: (request: autocannon.Request) => {
        const n = next++;
        const pair = Math.floor(n / 2);
        const cookie = cookies[pair % cookies.length]!;
        const arxivId = arxivIds[(pair + Math.floor(pair / cookies.length)) % arxivIds.length]!;
        return {
          ...request,
          method: "PUT",
          path: `/api/papers/${arxivId}/vote`,
          headers: { "content-type": "application/json", cookie, origin: siteUrl },
          body: JSON.stringify({ upvoted: n % 2 === 0 }),
        };
      },
    },
  ];
}

/** As browsers ask: every HTTP measurement sends it, on both sides of every ratio. */
export const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8",
  "accept-encoding": "br, gzip",
};

/** Compressed, but not a browser's navigation: a request the page cache leaves to Next to render. */
export const RENDERED_HEADERS = { "accept-encoding": "br, gzip" };

/** GETs of `path` as signed-in readers, the sessions taken in turn, compressed as browsers ask. */
export function signedInRequests(cookies: string[], path: string): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: "GET",
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        method: "GET",
        path,
        headers: { ...BROWSER_HEADERS, cookie: cookies[next++ % cookies.length]! },
      }),
    },
  ];
}

export function describeCpu(cpu: CpuShare): string {
  const percent = (value: number | null) => (value === null ? "?" : `${value.toFixed(0)}%`);
  return `next ${percent(cpu.next)}, postgres ${percent(cpu.postgres)}, autocannon ${percent(cpu.bench)}`;
}
