/**
 * `npm run db:recount`: the repair command. Recomputes every paper's upvote and comment
 * counters from the rows and rebuilds the hourly vote buckets from the votes table.
 */
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  process.env.DATABASE_URL = database.url;
  const { getDb, closeDb } = await import("../db/client");
  const { recountPaperCounters, rebuildVoteBuckets } = await import("../db/maintenance");
  const started = Date.now();
  const fixed = await getDb().transaction(async (tx) => {
    const papersFixed = await recountPaperCounters(tx);
    const buckets = await rebuildVoteBuckets(tx);
    return { papersFixed, buckets };
  });
  console.log(
    `recounted in ${Date.now() - started} ms: ${fixed.papersFixed} paper counter(s) corrected, ${fixed.buckets} vote bucket(s) rebuilt`,
  );
  await closeDb();
} finally {
  await database.stop();
}
