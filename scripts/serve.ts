/**
 * `npm run dev`: the whole site from a fresh clone. Without DATABASE_URL it starts the
 * embedded PostgreSQL (data in .data/postgres), creates and migrates the database and loads
 * the demo dataset the first time; with DATABASE_URL it starts nothing and only migrates.
 * Then it runs `next dev` on PORT. (`npm start` is scripts/production/start.ts, built into
 * the standalone server: production runs without tsx.)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadScriptEnv } from "./env";
import { DATA_DIR, openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { seedDemoData } from "../lib/demo/seed";

if (process.argv[2] !== "dev") {
  console.error("usage: tsx scripts/serve.ts dev   (production: npm run build && npm start)");
  process.exit(2);
}
(process.env as Record<string, string>).NODE_ENV = "development";
process.env.NEXT_TELEMETRY_DISABLED = "1";

/**
 * Development needs an AUTH_SECRET too; a newcomer should not have to make one. It is kept
 * in .data (git-ignored) so that sessions survive restarts. Production never gets one made up.
 */
function ensureDevelopmentAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(DATA_DIR, "dev-auth-secret");
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(33).toString("base64"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

async function main() {
  ensureDevelopmentAuthSecret();
  const env = loadScriptEnv("development");

  const started = Date.now();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
  await runMigrations(database.url);
  if (database.embedded) {
    const { getDb, closeDb } = await import("../db/client");
    process.env.DATABASE_URL = database.url;
    if (await seedDemoData(getDb())) {
      const { catchUpTrendingSnapshots } = await import("../lib/ranking/trending");
      const days = await catchUpTrendingSnapshots();
      console.log(`[db] loaded the demo dataset and ${days.length} days of trending snapshots`);
    }
    await closeDb();
  }
  console.log(
    `[db] ${database.embedded ? "embedded PostgreSQL (.data/postgres)" : "DATABASE_URL"} ready in ${Date.now() - started} ms`,
  );

  const next = spawn(
    process.execPath,
    [path.join(process.cwd(), "node_modules/next/dist/bin/next"), "dev", "--port", String(env.PORT)],
    {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: database.url },
    },
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    next.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  next.on("exit", async (code, signal) => {
    await database.stop();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
