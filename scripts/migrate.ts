/** `npm run db:migrate`: applies drizzle/ to DATABASE_URL, or to the embedded database. */
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  const started = Date.now();
  await runMigrations(database.url);
  console.log(`migrations applied in ${Date.now() - started} ms`);
} finally {
  await database.stop();
}
