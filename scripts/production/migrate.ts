/**
 * The production migration command, bundled to migrate.mjs beside the standalone server:
 *
 *   node .next/standalone/migrate.mjs        (from a checkout: `npm run db:migrate:standalone`)
 *   node migrate.mjs                         (in the container, or a copied standalone folder)
 *
 * Applies drizzle/ (copied beside it by the build) to DATABASE_URL under the same advisory
 * lock as the servers' own migration at start, so it may run while servers start.
 */
import path from "node:path";
import { runMigrations } from "../../db/migrate";
import { missingDatabaseUrl } from "../../lib/server/production-refusals";
import { loadProductionEnv, openProductionDatabase, standaloneDir } from "./database";

const env = loadProductionEnv();
const database = await openProductionDatabase(env);
if (!database) {
  console.error(missingDatabaseUrl(env));
  process.exit(1);
}
try {
  const started = Date.now();
  await runMigrations(database.url, path.join(standaloneDir, "drizzle"));
  console.log(`migrations applied in ${Date.now() - started} ms`);
} finally {
  await database.stop();
}
