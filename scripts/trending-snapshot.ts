/**
 * `npm run trending:snapshot`: writes daily trending snapshots.
 *   --date 2026-11-20            that day (rewritten if it exists: the job is idempotent)
 *   --from 2026-11-01 --to 2026-11-20   every day of the range (backfill)
 *   (no option)                  every finished day that has no snapshot yet (catch-up)
 */
import { parseArgs } from "node:util";
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { addDays, parseDay } from "../lib/ranking/periods";

const { values } = parseArgs({
  options: { date: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
});
for (const [name, value] of Object.entries(values)) {
  if (value !== undefined && !parseDay(value)) {
    console.error(`--${name}: "${value}" is not a real day (YYYY-MM-DD)`);
    process.exit(2);
  }
}
if (values.date && (values.from || values.to)) {
  console.error("use either --date or --from/--to");
  process.exit(2);
}
if (Boolean(values.from) !== Boolean(values.to) || (values.from && values.to && values.from > values.to)) {
  console.error("--from and --to go together, with --from not after --to");
  process.exit(2);
}

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  await runMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  const { closeDb } = await import("../db/client");
  const { catchUpTrendingSnapshots, writeTrendingSnapshot } = await import("../lib/ranking/trending");
  const started = Date.now();
  if (values.date || values.from) {
    const days: string[] = [];
    for (let day = values.date ?? values.from!; day <= (values.date ?? values.to!); day = addDays(day, 1))
      days.push(day);
    for (const day of days) console.log(`${day}: ${await writeTrendingSnapshot(day)} papers ranked`);
  } else {
    const written = await catchUpTrendingSnapshots();
    console.log(written.length ? `caught up: ${written.join(", ")}` : "nothing to catch up");
  }
  console.log(`done in ${Date.now() - started} ms`);
  await closeDb();
} finally {
  await database.stop();
}
