import { resetEnvCache } from "@/lib/env";
import { startArxivFixtureServer, type ArxivFixtureServer } from "./arxiv-fixture-server";

/**
 * For a Vitest file: starts the fake arXiv and points the app at it (ARXIV_API_URL, read
 * again by the next getEnv()). Close it after all the file's tests. Separate from the server
 * itself, which the e2e server starts too without the app's configuration.
 */
export async function startFakeArxiv(): Promise<ArxivFixtureServer> {
  const arxiv = await startArxivFixtureServer();
  process.env.ARXIV_API_URL = arxiv.baseUrl;
  resetEnvCache();
  return arxiv;
}
