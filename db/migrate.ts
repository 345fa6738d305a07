import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

// Any constant will do: it only has to be the same for every app server of one deployment.
const MIGRATION_LOCK_ID = 727_2026_11;

/** drizzle/ of the working directory: the checkout, or the standalone server's folder (server.js moves there). */
export const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Applies the committed SQL migrations in drizzle/. Several app servers may start at once:
 * a session-level advisory lock makes the others wait instead of racing on the same DDL.
 */
export async function runMigrations(databaseUrl: string, folder = migrationsFolder): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: folder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    await sql.end();
  }
}
