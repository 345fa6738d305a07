/**
 * `npm run db:recount`: the repair command. Sets every paper's upvote and comment counters,
 * every comment's upvotes and every hourly vote bucket that differs from its rows, and
 * prints how many it corrected: "0 corrections" means every counter was exact.
 */
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  process.env.DATABASE_URL = database.url;
  const { getDb, closeDb } = await import("../db/client");
  const { recountCounters } = await import("../db/maintenance");
  const started = Date.now();
  const fixed = await getDb().transaction((tx) => recountCounters(tx));
  console.log(
    `recounted in ${Date.now() - started} ms: ${fixed.total} correction(s): ${fixed.papers} paper counter(s), ${fixed.comments} comment counter(s), ${fixed.voteBuckets} vote bucket(s)`,
  );
  await closeDb();
} finally {
  await database.stop();
}
