import { hostname } from "node:os";
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import { getEnv } from "../lib/env";
import { logger } from "../lib/server/logger";

export type Database = PostgresJsDatabase<typeof schema>;
/** What `getDb().transaction(…)` hands its callback: a function given one writes inside that transaction. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

interface DatabaseState {
  url: string;
  sql: postgres.Sql;
  db: Database;
}

// One pool per process. In development Next re-evaluates modules on every edit; keeping
// the pool on globalThis stops each reload from leaking a pool of connections.
const globalForDb = globalThis as unknown as { paperboardDb?: DatabaseState };

/**
 * This process's name in pg_stat_activity: which server holds a connection (and what
 * GET /api/metrics counts as this server's pool). PostgreSQL keeps 63 bytes of it.
 */
export const APPLICATION_NAME = `paperboard ${hostname()}:${process.pid}`.slice(0, 63);

/** The postgres.js options of the app's pool, from the validated environment. */
export function poolOptions(
  env: Pick<ReturnType<typeof getEnv>, "DATABASE_POOL_MAX" | "DATABASE_POOLER" | "LOG_LEVEL">,
): postgres.Options<Record<string, never>> {
  const debugQueries = env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace";
  return {
    max: env.DATABASE_POOL_MAX,
    // Behind a transaction-mode pooler (PgBouncer's pool_mode=transaction) consecutive
    // transactions may land on different server connections, where a statement prepared
    // on one does not exist: every query is then sent unnamed (parse, bind, execute each
    // time). Drizzle's .prepare() (lib/identity/viewer.ts) asks postgres.js per query, and
    // postgres.js lets this pool-wide `false` win.
    prepare: env.DATABASE_POOLER !== "transaction",
    onnotice: () => {},
    // Dates are mapped by Drizzle; keep postgres.js from guessing time zones.
    connection: { TimeZone: "UTC", application_name: APPLICATION_NAME },
    // LOG_LEVEL=debug: every statement is logged with the id of the request that sent it
    // (the logger's mixin reads it), so a slow or failing query leads back to its request.
    // Only then, because postgres.js also attaches a failed query's parameters to its error.
    ...(debugQueries
      ? { debug: (connection: number, query: string) => logger.debug({ connection, query }, "sql") }
      : {}),
  };
}

function connect(url: string): DatabaseState {
  const sql = postgres(url, poolOptions(getEnv()));
  return { url, sql, db: drizzle(sql, { schema, casing: undefined }) };
}

/** The Drizzle database for DATABASE_URL, opened on first use (the build never opens it). */
export function getDb(): Database {
  const url = getEnv().DATABASE_URL;
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

/**
 * A query built once per pool and prepared on the server: for the queries of every
 * signed-in request, whose planning would otherwise cost PostgreSQL more than running them
 * (a plain Drizzle query is sent unnamed, parsed and planned each time). PostgreSQL then
 * keeps one generic plan once five custom ones cost no less; a query whose parameters sway
 * its plan can stay re-planned on every call (drizzle/0023_reader_page_marks.sql: a
 * function with its own plan_cache_mode). `build` ends with `.prepare(name)`; the pool is
 * the key because tests switch databases. Behind a transaction-mode pooler,
 * DATABASE_POOLER=transaction turns postgres.js's `prepare` off for the whole pool
 * (poolOptions above), which wins over this per-query request.
 */
export function preparedQuery<Query>(build: (db: Database) => Query): () => Query {
  const built = new WeakMap<Database, Query>();
  return () => {
    const db = getDb();
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}
