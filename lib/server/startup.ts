import { getEnv, type Env } from "@/lib/env";
import { runMigrations } from "@/db/migrate";
import { logger } from "@/lib/server/logger";
import { productionRefusals } from "@/lib/server/production-refusals";

export { productionRefusals };

export async function assertStartable(): Promise<void> {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    // Plain stderr as well as the log: a person starting the server reads this one.
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const refusals = productionRefusals(env);
  if (refusals.length > 0) {
    console.error(`\nPaperboard refuses to start:\n${refusals.map((r) => `  - ${r}`).join("\n")}\n`);
    process.exit(1);
  }
  const { observeHttpRequests } = await import("@/lib/http/http-observer");
  observeHttpRequests();
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    // @vercel/otel reads the OTEL_* variables itself (endpoint, headers, protocol) and
    // exports the spans Next makes for each request, render and fetch.
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: "paperboard" });
    logger.info({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }, "OpenTelemetry traces on");
  }
  if (env.DATABASE_URL) {
    const started = Date.now();
    await runMigrations(env.DATABASE_URL);
    // ADMIN_GITHUB_LOGINS as configured now, not as it was at each user's last sign-in: a
    // login removed from the list stops being admin with this start.
    const { getDb } = await import("@/db/client");
    const { applyAdminListAtStart } = await import("@/lib/identity/admin-roles");
    await applyAdminListAtStart(getDb(), env.ADMIN_GITHUB_LOGINS);
    // Other app servers' writes invalidate this one's shared cache (lib/cache/shared-cache.ts);
    // listening before the first request means no write is missed once it serves.
    const { startCacheListener } = await import("@/lib/cache/shared-cache");
    await startCacheListener(env.DATABASE_URL);
    logger.info({ ms: Date.now() - started }, "migrations applied");
    const { startScheduler } = await import("@/lib/server/jobs");
    startScheduler();
  }
}
