import "server-only";
import { APPLICATION_NAME, getSql } from "@/db/client";
import { getEnv } from "@/lib/env";
import { metrics } from "@/lib/server/metrics";

/**
 * The Prometheus exposition of this server's metrics, with the database pool read at scrape
 * time: postgres.js does not expose its pool, so this server's connections are counted
 * where PostgreSQL lists them, by their application_name (db/client.ts). Behind a
 * transaction-mode pooler these are the pooler's connections, not ours.
 */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  metrics.dbPoolMax.set(getEnv().DATABASE_POOL_MAX);
  try {
    const rows = await getSql()<{ state: string; connections: number }[]>`
      select coalesce(state, 'unknown') as state, count(*)::int as connections
      from pg_stat_activity
      where application_name = ${APPLICATION_NAME} and pid <> pg_backend_pid()
      group by 1`;
    metrics.dbPoolConnections.reset();
    for (const state of ["active", "idle", "idle in transaction"]) metrics.dbPoolConnections.set({ state }, 0);
    for (const row of rows) metrics.dbPoolConnections.set({ state: row.state }, row.connections);
  } catch {
    // The database being down is what the other series (and /api/health) show; the scrape still answers.
    metrics.dbPoolConnections.reset();
  }
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
