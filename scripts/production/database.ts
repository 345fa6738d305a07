import path from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { EnvError, parseEnv, type Env } from "../../lib/env";

/**
 * Shared by the production entry points (start.ts, migrate.ts), which `npm run build`
 * bundles into plain JavaScript beside the standalone server (scripts/postbuild.mjs):
 * they run with Node alone, without tsx, TypeScript sources or dev dependencies.
 */

/** The folder of the bundled entry point: the standalone server's folder. */
export const standaloneDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The environment: `.env` files of the working directory (as Next reads them, production
 * mode), then the process's own variables, validated. A wrong variable ends the command
 * with a message naming it.
 */
export function loadProductionEnv(): Env {
  (process.env as Record<string, string>).NODE_ENV = "production";
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export interface ProductionDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL; without it, the embedded PostgreSQL (data in ./.data/postgres) when the
 * operator asked for it with PAPERBOARD_EMBEDDED_DB=1, else null: the caller refuses with
 * lib/server/production-refusals.ts's message.
 */
export async function openProductionDatabase(env: Env): Promise<ProductionDatabase | null> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {} };
  if (!env.PAPERBOARD_EMBEDDED_DB) return null;
  // Loaded only here: a deployment with DATABASE_URL does not need the package installed.
  const { openDatabase, DATA_DIR } = await import("../../db/local");
  const database = await openDatabase({ embeddedPort: env.EMBEDDED_PG_PORT });
  console.log(`[db] embedded PostgreSQL on port ${env.EMBEDDED_PG_PORT}, data in ${path.join(DATA_DIR, "postgres")}`);
  return database;
}
