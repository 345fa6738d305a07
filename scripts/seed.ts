/** `npm run db:seed`: loads the demo dataset into an empty database (never over real data). */
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  await runMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  const { getDb, closeDb } = await import("../db/client");
  const { seedDemoData } = await import("../lib/demo/seed");
  if (await seedDemoData(getDb())) {
    const { catchUpTrendingSnapshots } = await import("../lib/ranking/trending");
    console.log(`demo dataset loaded with ${(await catchUpTrendingSnapshots()).length} days of trending snapshots`);
  } else {
    console.log("the database already holds papers: nothing loaded");
  }
  await closeDb();
} finally {
  await database.stop();
}
