import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;

interface DatabaseState {
  url: string;
  sql: postgres.Sql;
  db: Database;
}

// One pool per process. In development Next re-evaluates modules on every edit; keeping
// the pool on globalThis stops each reload from leaking a pool of connections.
const globalForDb = globalThis as unknown as { paperboardDb?: DatabaseState };

function connect(url: string): DatabaseState {
  const sql = postgres(url, {
    max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    onnotice: () => {},
    // Dates are mapped by Drizzle; keep postgres.js from guessing time zones.
    connection: { TimeZone: "UTC" },
  });
  return { url, sql, db: drizzle(sql, { schema, casing: undefined }) };
}

/** The Drizzle database for DATABASE_URL, opened on first use (the build never opens it). */
export function getDb(): Database {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start the embedded PostgreSQL, or set DATABASE_URL.",
    );
  }
  const current = globalForDb.paperboardDb;
  if (current && current.url === url) return current.db;
  globalForDb.paperboardDb = connect(url);
  return globalForDb.paperboardDb.db;
}

/** The raw postgres.js client behind getDb(), for the few statements Drizzle cannot express. */
export function getSql(): postgres.Sql {
  getDb();
  return globalForDb.paperboardDb!.sql;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.paperboardDb;
  globalForDb.paperboardDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
