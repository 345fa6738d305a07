import path from "node:path";
import { startEmbeddedPostgres } from "./embedded";

export const DATA_DIR = path.join(process.cwd(), ".data");
export const EMBEDDED_DATABASE = "paperboard";

export interface DatabaseHandle {
  url: string;
  /** True when this process started the embedded PostgreSQL (and must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database for a command-line entry point: DATABASE_URL when it is set (nothing is
 * started), else the embedded PostgreSQL with its data in .data/postgres.
 */
export async function openDatabase(options: { databaseUrl?: string; embeddedPort: number }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(DATA_DIR, "postgres"),
    port: options.embeddedPort,
    databases: [EMBEDDED_DATABASE],
  });
  return { url: server.databaseUrl(EMBEDDED_DATABASE), embedded: true, stop: () => server.stop() };
}
