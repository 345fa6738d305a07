import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { createDatabaseFromTemplate, databaseUrlFor, dropDatabase, uniqueDatabaseName } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/**
 * Vitest global setup: a real PostgreSQL for the integration tests. With DATABASE_URL set,
 * that server (its credentials must allow CREATE DATABASE); otherwise an embedded one in
 * .data/test-postgres. One migrated template per run; each test file clones it.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopServer = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = databaseUrlFor(process.env.DATABASE_URL, "postgres");
  } else {
    // One data folder per port, so that two runs on different ports never share a cluster.
    const port = Number(process.env.TEST_PG_PORT ?? 54330);
    const server = await startEmbeddedPostgres({
      dataDir: path.join(process.cwd(), ".data", `test-postgres-${port}`),
      port,
    });
    adminUrl = server.adminUrl;
    stopServer = () => server.stop();
  }
  const template = uniqueDatabaseName("pb_template");
  await createDatabaseFromTemplate(adminUrl, template, "template1");
  await runMigrations(databaseUrlFor(adminUrl, template));
  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await dropDatabase(adminUrl, template);
    await stopServer();
  };
}
