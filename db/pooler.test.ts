import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { closeDb, getDb, poolOptions, preparedQuery } from "./client";
import { papers } from "./schema";
import { resetEnvCache } from "@/lib/env";

const database = withTestDatabase();

/**
 * Behind PgBouncer in transaction mode a statement prepared on one server connection is
 * missing on the next: with DATABASE_POOLER=transaction the app must prepare nothing.
 * pg_prepared_statements lists what the current session has prepared; a pool of one
 * connection makes "the current session" the one every query used.
 */
async function preparedStatementsAfterAppQueries(pooler: string | undefined): Promise<number> {
  await closeDb();
  process.env.DATABASE_POOL_MAX = "1";
  if (pooler === undefined) delete process.env.DATABASE_POOLER;
  else process.env.DATABASE_POOLER = pooler;
  resetEnvCache();
  const db = getDb();
  // A query with parameters, and one prepared by name as preparedQuery prepares the session query.
  await db
    .select({ id: papers.id })
    .from(papers)
    .where(sql`${papers.arxivId} = ${"2406.00001"}`);
  const named = preparedQuery((pool) =>
    pool
      .select({ id: papers.id })
      .from(papers)
      .where(sql`${papers.arxivId} = ${sql.placeholder("id")}`)
      .prepare("pooler_probe"),
  );
  await named().execute({ id: "2406.00001" });
  await named().execute({ id: "2406.00002" });
  const [row] = await db.execute<{ count: number }>(sql`select count(*)::int as count from pg_prepared_statements`);
  return row!.count;
}

describe("DATABASE_POOLER", () => {
  afterEach(async () => {
    delete process.env.DATABASE_POOLER;
    delete process.env.DATABASE_POOL_MAX;
    resetEnvCache();
    await closeDb();
    process.env.DATABASE_URL = database.url();
  });

  it("by default, statements are prepared once per connection (the fast path)", async () => {
    expect(await preparedStatementsAfterAppQueries(undefined)).toBeGreaterThan(0);
  });

  it("=transaction: the app's queries run unprepared, named ones included", async () => {
    expect(await preparedStatementsAfterAppQueries("transaction")).toBe(0);
  });

  it("preparedQuery builds its query once per pool, and anew for a new pool", async () => {
    let builds = 0;
    const probe = preparedQuery((pool) => {
      builds += 1;
      return pool
        .select({ id: papers.id })
        .from(papers)
        .where(sql`${papers.arxivId} = ${sql.placeholder("id")}`)
        .prepare("pooler_once");
    });
    expect(probe()).toBe(probe());
    await probe().execute({ id: "2406.00001" });
    expect(builds).toBe(1);
    await closeDb();
    await probe().execute({ id: "2406.00001" });
    expect(builds).toBe(2);
  });

  it("sets postgres.js's prepare option accordingly", () => {
    expect(poolOptions({ DATABASE_POOL_MAX: 5, DATABASE_POOLER: "transaction", LOG_LEVEL: "info" }).prepare).toBe(
      false,
    );
    expect(poolOptions({ DATABASE_POOL_MAX: 5, DATABASE_POOLER: "none", LOG_LEVEL: "info" }).prepare).toBe(true);
  });
});
