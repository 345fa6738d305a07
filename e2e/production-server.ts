import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { e2e } from "./config";

/**
 * The production server as `npm start` runs it (the standalone build's start.mjs, see
 * scripts/production/start.ts), for the specs that start servers of their own: the e2e web
 * server (e2e/server.ts), the standalone smoke and the two-servers-behind-nginx test.
 */

/** The standalone folder of the last `npm run build`. */
export const standaloneDir = path.join(process.cwd(), ".next", "standalone");

/** `node start.mjs --port N` of a standalone folder (the build's, or a copy of it). */
export function startCommand(options: { port: number; dir?: string; hostname?: string }): string[] {
  return [
    path.join(options.dir ?? standaloneDir, "start.mjs"),
    "--port",
    String(options.port),
    ...(options.hostname ? ["--hostname", options.hostname] : []),
  ];
}

export interface RunningServer {
  process: ChildProcess;
  /** Everything it printed so far (its log lines). */
  output(): string;
  stop(): Promise<void>;
}

/** The environment of a production server in the specs, without the developer's own variables. */
export function productionEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    JOBS_ENABLED: "false",
    ...env,
  };
}

/** Starts a production server and waits until /api/health answers 200. */
export async function startProductionServer(options: {
  port: number;
  env: Record<string, string | undefined>;
  dir?: string;
  cwd?: string;
}): Promise<RunningServer> {
  const child = spawn(process.execPath, startCommand({ port: options.port, dir: options.dir }), {
    cwd: options.cwd ?? options.dir ?? process.cwd(),
    env: productionEnv(options.env),
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server on port ${options.port} exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}/api/health`);
      if (response.ok) return { process: child, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the server on port ${options.port} did not become healthy within 60 s:\n${output}`);
}

/** A new, empty database on the e2e PostgreSQL (named so that e2e/server.ts drops it if a run dies). */
export async function createScratchDatabase(suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${e2e.database}_${suffix}`;
  const admin = postgres(e2e.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(e2e.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const sql = postgres(e2e.adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}

/** A paper and a user with a personal API token, written straight into a migrated database. */
export async function arrangePaperAndToken(
  databaseUrl: string,
  arxivId: string,
  title: string,
): Promise<{ token: string; login: string }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const login = `smoke-${randomBytes(3).toString("hex")}`;
    const token = `pb_${randomBytes(32).toString("base64url")}`;
    await sql`insert into papers (arxiv_id, title, abstract, published_on, categories) values (${arxivId}, ${title}, 'An abstract.', '2024-06-01', ${["cs.LG"]})`;
    await sql`insert into users (id, github_login, name, created_at, github_created_at)
      values (${login}, ${login}, ${login}, now() - interval '60 days', now() - interval '5 years')`;
    await sql`insert into api_tokens (user_id, name, token_hash) values (${login}, 'smoke', ${createHash("sha256").update(token).digest("hex")})`;
    return { token, login };
  } finally {
    await sql.end();
  }
}
