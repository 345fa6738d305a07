import postgres from "postgres";
import { e2e } from "./config";

/** A direct connection to the e2e database, for arranging data the UI cannot create. */
export function e2eSql() {
  return postgres(e2e.databaseUrl, { max: 2, onnotice: () => {} });
}

/**
 * After arranging data straight in the database: every app server drops its shared cache
 * (lib/shared-cache.ts), as a write through the app would make it do.
 */
export async function invalidateAppCaches(sql: ReturnType<typeof e2eSql>) {
  await sql`select pg_notify('paperboard_cache', ${JSON.stringify({ all: true })})`;
}
