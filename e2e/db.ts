import postgres from "postgres";
import { e2e } from "./config";

/** A direct connection to the e2e database. Specs take the `sql` fixture (fixtures.ts) instead. */
export function e2eSql() {
  return postgres(e2e.databaseUrl, { max: 2, onnotice: () => {} });
}

export type E2eSql = ReturnType<typeof e2eSql>;

/**
 * After arranging data straight in the database: every app server drops its shared cache
 * (lib/cache/shared-cache.ts), as a write through the app would make it do.
 */
export async function invalidateAppCaches(sql: E2eSql) {
  await sql`select pg_notify('paperboard_cache', ${JSON.stringify({ all: true })})`;
}
