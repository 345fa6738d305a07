import { getEnv, type Env } from "@/lib/env";
import { runMigrations } from "@/db/migrate";

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
    refusals.push("DEMO_SIGN_IN is enabled: the demo sign-in lets anyone act as any demo user and is for development only.");
  }
  if (!env.DATABASE_URL) {
    refusals.push("DATABASE_URL is not set: start with `npm start` (embedded PostgreSQL) or point it at your server.");
  }
  if (env.AUTH_GITHUB_ID && !env.AUTH_URL && env.AUTH_TRUST_HOST !== true) {
    refusals.push(
      "Neither AUTH_URL nor AUTH_TRUST_HOST is set: sign-in cannot know the site's URL. Set AUTH_URL to the public URL, or AUTH_TRUST_HOST=true behind a proxy that sets the Host header.",
    );
  }
  return refusals;
}

export async function assertStartable(): Promise<void> {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const refusals = productionRefusals(env);
  if (refusals.length > 0) {
    console.error(`\nPaperboard refuses to start:\n${refusals.map((r) => `  - ${r}`).join("\n")}\n`);
    process.exit(1);
  }
  if (env.DATABASE_URL) {
    await runMigrations(env.DATABASE_URL);
    // ADMIN_GITHUB_LOGINS as configured now, not as it was at each user's last sign-in: a
    // login removed from the list stops being admin with this start.
    const { getDb } = await import("@/db/client");
    const { applyAdminListAtStart } = await import("@/lib/admin-roles");
    await applyAdminListAtStart(getDb(), env.ADMIN_GITHUB_LOGINS);
    // Other app servers' writes invalidate this one's shared cache (lib/shared-cache.ts);
    // listening before the first request means no write is missed once it serves.
    const { startCacheListener } = await import("@/lib/shared-cache");
    await startCacheListener(env.DATABASE_URL);
    const { startScheduler } = await import("@/lib/jobs");
    startScheduler();
  }
}
