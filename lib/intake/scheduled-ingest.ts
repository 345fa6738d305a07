import "server-only";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "@/db/client";
import { ingestCheckpoints } from "@/db/schema";
import { ingestCategory } from "@/lib/intake/arxiv-ingest";
import { getEnv } from "@/lib/env";
import { formatDay } from "@/lib/ranking/periods";
import { logger } from "@/lib/server/logger";

/**
 * The daily ingest of ARXIV_INGEST_CATEGORIES (off when empty). Each category runs once a
 * day: a session advisory lock keeps two servers from running it at once, and a finished
 * marker row keeps it from running twice.
 */
export async function runScheduledIngest(now = new Date()): Promise<string[]> {
  const categories = getEnv().ARXIV_INGEST_CATEGORIES;
  const done: string[] = [];
  for (const category of categories) {
    const marker = `scheduled:${category}:${formatDay(now)}`;
    const db = getDb();
    const [row] = await db
      .select({ finishedAt: ingestCheckpoints.finishedAt })
      .from(ingestCheckpoints)
      .where(eq(ingestCheckpoints.jobKey, marker));
    if (row?.finishedAt) continue;
    // A session lock must be taken and released on the same connection: reserve one.
    const connection = await getSql().reserve();
    const [lock] = await connection`select pg_try_advisory_lock(hashtext(${marker})) as locked`;
    if (!lock?.locked) {
      connection.release();
      continue;
    }
    try {
      const summary = await ingestCategory(category, 1, { now });
      if (summary.failed === 0) {
        await db
          .insert(ingestCheckpoints)
          .values({ jobKey: marker, state: summary, finishedAt: new Date() })
          .onConflictDoUpdate({ target: ingestCheckpoints.jobKey, set: { state: summary, finishedAt: new Date() } });
        done.push(category);
      }
      logger.info(
        { job: "arxiv-ingest", category, added: summary.added, updated: summary.updated, failed: summary.failed },
        "arXiv ingest",
      );
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${marker}))`;
      connection.release();
    }
  }
  return done;
}
