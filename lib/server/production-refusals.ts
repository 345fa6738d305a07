import type { Env } from "../env";

/**
 * What must hold before a production server may serve anyone. Pure, so that a unit test
 * can prove each refusal; `assertStartable` applies it to the real environment.
 */
export function productionRefusals(env: Env): string[] {
  if (env.NODE_ENV !== "production") return [];
  const refusals: string[] = [];
  if (!env.AUTH_SECRET) {
    refusals.push("AUTH_SECRET is not set: sessions cannot be signed. Generate one with `openssl rand -base64 33`.");
  }
  if (env.DEMO_SIGN_IN) {
    refusals.push(
      "DEMO_SIGN_IN is enabled: the demo sign-in lets anyone act as any demo user and is for development only.",
    );
  }
  if (!env.DATABASE_URL) refusals.push(missingDatabaseUrl(env));
  if (env.AUTH_GITHUB_ID && !env.AUTH_URL && env.AUTH_TRUST_HOST !== true) {
    refusals.push(
      "Neither AUTH_URL nor AUTH_TRUST_HOST is set: sign-in cannot know the site's URL. Set AUTH_URL to the public URL, or AUTH_TRUST_HOST=true behind a proxy that sets the Host header.",
    );
  }
  return refusals;
}

/** What to do when production has no DATABASE_URL. */
export function missingDatabaseUrl(env: Pick<Env, "PAPERBOARD_EMBEDDED_DB">): string {
  return env.PAPERBOARD_EMBEDDED_DB
    ? "DATABASE_URL is not set and PAPERBOARD_EMBEDDED_DB=1 asks for the embedded PostgreSQL: start the server with `npm start`, which starts it (a bare `node server.js` cannot)."
    : "DATABASE_URL is not set: set it to your PostgreSQL's URL (postgres://user:password@host:5432/paperboard), or set PAPERBOARD_EMBEDDED_DB=1 to have `npm start` run the embedded PostgreSQL on this machine (one small box only; see docs/DEPLOY.md).";
}
