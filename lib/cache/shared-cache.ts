import "server-only";
import postgres from "postgres";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  invalidateAll,
  invalidateTags,
  invalidationClock,
  resetInvalidationClock,
  unchangedSince,
} from "@/lib/cache/invalidation-clock";
import type { CacheTag } from "@/lib/cache/cache-tags";

export { invalidateAll, invalidateTags, tagVersion } from "@/lib/cache/invalidation-clock";
export { authorTag, paperTag, threadTags, type CacheTag } from "@/lib/cache/cache-tags";

/**
 * The cache of what every reader shares (docs/ARCHITECTURE.md, "Caching"): feeds, a paper's
 * page data, its rendered comment thread. Entries are kept in this process's memory, keyed
 * by what was asked and tagged by what they were made of; a write invalidates its tags here
 * at once and, through PostgreSQL's LISTEN/NOTIFY on one channel, on every other app server
 * within milliseconds. Nothing personal ever goes in: callers pass no viewer, and add the
 * reader's own state (their votes, their edit controls) after reading from here.
 *
 * Why not Next's caches: `"use cache"` needs Cache Components, whose pages are prerendered
 * shells that cannot carry the per-request CSP nonce; `unstable_cache` stores JSON (dates
 * come back as strings), writes each entry to disk, and its tags can be invalidated only by
 * `revalidateTag` inside a request, never by a notification from another server or from the
 * ingest command. See docs/ARCHITECTURE.md.
 *
 * Values are shared between readers: callers must treat them as immutable.
 */

/** The one channel of cache invalidations (payload: {"tags": [...]}) */
export const CACHE_CHANNEL = "paperboard_cache";

/** Upper bound on entries: the largest (a long thread) is a few hundred kB. */
const MAX_ENTRIES = 500;
/** An entry past its TTL is still served, while it refreshes, up to this age. */
const MAX_STALE_MS = 10 * 60_000;

interface Entry {
  value: Promise<unknown>;
  /** The clock when the load started: any invalidation of its tags after it makes it stale. */
  clock: number;
  tags: readonly string[];
  at: number;
  ttlMs: number;
  settled: boolean;
  /** A reload queued behind this one while it runs (see `cached`). */
  next?: Promise<unknown>;
}

interface CacheState {
  entries: Map<string, Entry>;
  listener?: { sql: postgres.Sql; ready: Promise<void> };
}

// On globalThis: Next's bundles (pages, route handlers, instrumentation) may each load their
// own copy of this module in one process, and all must see one cache.
const globalCache = globalThis as unknown as { paperboardSharedCache?: CacheState };
function state(): CacheState {
  return (globalCache.paperboardSharedCache ??= { entries: new Map() });
}

const isCurrent = (entry: Entry) => unchangedSince(entry.tags, entry.clock);

function put(cache: CacheState, key: string, entry: Entry): void {
  cache.entries.delete(key);
  cache.entries.set(key, entry);
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
}

function newEntry(cache: CacheState, tags: readonly string[], ttlMs: number, load: () => Promise<unknown>): Entry {
  const entry: Entry = { value: load(), clock: invalidationClock().clock, tags, at: Date.now(), ttlMs, settled: false };
  entry.value.then(
    () => {
      entry.settled = true;
    },
    () => {
      entry.settled = true;
    },
  );
  return entry;
}

function start(
  cache: CacheState,
  key: string,
  tags: readonly string[],
  ttlMs: number,
  load: () => Promise<unknown>,
): Entry {
  const entry = newEntry(cache, tags, ttlMs, load);
  put(cache, key, entry);
  // A failed load is not kept: the next reader tries again.
  entry.value.catch(() => {
    if (cache.entries.get(key) === entry) cache.entries.delete(key);
  });
  return entry;
}

/**
 * The value for `key`, from this process's cache or from `load`. `key` must name everything
 * the value depends on (never a viewer); `tags` say which writes invalidate it.
 *
 * - Fresh: served as is; concurrent readers of a missing key share one load.
 * - Past its TTL but not invalidated: served, while one background load refreshes it.
 * - Invalidated while its load still runs: readers share one reload queued behind it, so a
 *   stream of writes makes the value reload back to back at worst, never once per reader.
 */
export async function cached<T>(
  key: string,
  tags: readonly CacheTag[],
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const cache = state();
  const entry = cache.entries.get(key);
  if (entry && isCurrent(entry)) {
    const age = Date.now() - entry.at;
    // A load still running started after every write to its tags: share it, however long it takes.
    if (age < entry.ttlMs || !entry.settled) return entry.value as Promise<T>;
    if (entry.settled && age < MAX_STALE_MS) {
      if (!entry.next) {
        const refresh = newEntry(cache, tags, ttlMs, load);
        entry.next = refresh.value;
        refresh.value.then(
          () => {
            if (cache.entries.get(key) === entry) put(cache, key, refresh);
          },
          () => {
            entry.next = undefined;
          },
        );
      }
      return entry.value as Promise<T>;
    }
  }
  if (entry && !entry.settled) {
    entry.next ??= entry.value
      .catch(() => undefined)
      .then(() => {
        const latest = cache.entries.get(key);
        // Another reader may have started a load already that covers the same writes.
        if (latest && latest !== entry && isCurrent(latest)) return latest.value;
        return start(cache, key, tags, ttlMs, load).value;
      });
    return entry.next as Promise<T>;
  }
  return start(cache, key, tags, ttlMs, load).value as Promise<T>;
}

/** For tests: forget every entry and invalidation. */
export function resetSharedCache(): void {
  state().entries.clear();
  resetInvalidationClock();
}

// ---------------------------------------------------------------------------------------
// Across app servers: NOTIFY in the write's transaction, LISTEN on a connection of its own.

export function invalidationPayload(tags: readonly string[]): string {
  return JSON.stringify({ tags });
}

/**
 * The NOTIFY of a write, to run inside its transaction: PostgreSQL delivers it to every
 * listener when (and only if) the transaction commits. Call `invalidateTags` after the
 * commit as well, so that this server's next reader sees the write without waiting for the
 * notification to come back.
 */
export function notifyStatement(tags: readonly string[]): SQL {
  return sql`select pg_notify(${CACHE_CHANNEL}, ${invalidationPayload(tags)})`;
}

/**
 * For a write made without a transaction of its own (or after it): invalidates here at once,
 * then tells the other app servers.
 */
export async function publishChange(tags: readonly CacheTag[]): Promise<void> {
  invalidateTags(tags);
  await getDb().execute(notifyStatement(tags));
}

/**
 * For a write that touches an unknown number of papers (an account deleted with its votes
 * and comments): invalidates every entry here, then on the other app servers.
 */
export async function publishEverythingChanged(): Promise<void> {
  invalidateAll();
  await getDb().execute(sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify({ all: true })})`);
}

/** The tags a notification names; null for "everything" (or a payload this version cannot read). */
function parsePayload(payload: string): string[] | null {
  try {
    const parsed = JSON.parse(payload) as { tags?: unknown };
    return Array.isArray(parsed.tags) && parsed.tags.every((tag) => typeof tag === "string") ? parsed.tags : null;
  } catch {
    return null;
  }
}

/**
 * Listens for other servers' invalidations, on one dedicated connection per process
 * (postgres.js reconnects it and listens again by itself). Each (re)connection invalidates
 * everything: notifications sent while the connection was down are lost. Idempotent.
 */
export function startCacheListener(databaseUrl: string): Promise<void> {
  const cache = state();
  if (cache.listener) return cache.listener.ready;
  const client = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    idle_timeout: 0,
    connection: { application_name: "paperboard-cache-listener" },
  });
  const ready = client
    .listen(
      CACHE_CHANNEL,
      (payload) => {
        const tags = parsePayload(payload);
        if (tags) invalidateTags(tags);
        else invalidateAll();
      },
      () => invalidateAll(),
    )
    .then(() => undefined);
  cache.listener = { sql: client, ready };
  ready.catch((error: unknown) => {
    console.error("[cache] could not listen for invalidations:", error);
    if (state().listener?.sql === client) state().listener = undefined;
    void client.end({ timeout: 1 });
  });
  return ready;
}

export async function stopCacheListener(): Promise<void> {
  const cache = state();
  const listener = cache.listener;
  cache.listener = undefined;
  await listener?.sql.end({ timeout: 2 });
}
