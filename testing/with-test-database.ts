import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, getDb, type Database } from "@/db/client";
import { createDatabaseFromTemplate, dropDatabase, uniqueDatabaseName } from "./databases";

/**
 * Gives a test file its own freshly migrated database and points getDb() at it.
 * Call at the top level of an integration test file.
 */
export function withTestDatabase(): { db: () => Database; url: () => string } {
  const adminUrl = inject("adminDatabaseUrl");
  const template = inject("templateDatabase");
  const name = uniqueDatabaseName("pb_test");
  let url = "";
  beforeAll(async () => {
    url = await createDatabaseFromTemplate(adminUrl, name, template);
    process.env.DATABASE_URL = url;
  });
  afterAll(async () => {
    await closeDb();
    await dropDatabase(adminUrl, name);
  });
  return { db: () => getDb(), url: () => url };
}
