/**
 * The invalidation clock of this process's caches: which tags were invalidated when. Both
 * caches of shared data read it: the data cache (lib/cache/shared-cache.ts, for the pages
 * rendering) and the page cache (lib/cache/shared-pages.ts, in proxy.ts, before them). A
 * write, here or on another app server through LISTEN/NOTIFY, advances it once for both.
 *
 * Free of database imports, so that proxy.ts can read it without loading the driver.
 * Kept on globalThis: Next's bundles (proxy, pages, route handlers, instrumentation) each
 * load their own copy of this module in one process, and all must see one clock.
 */

export interface InvalidationClock {
  clock: number;
  /** Clock of each tag's newest invalidation. */
  invalidatedAt: Map<string, number>;
  /** Clock of the newest invalidation of everything (the listener reconnected, an account deleted). */
  allInvalidatedAt: number;
}

const globalClock = globalThis as unknown as { paperboardInvalidationClock?: InvalidationClock };

export function invalidationClock(): InvalidationClock {
  return (globalClock.paperboardInvalidationClock ??= { clock: 0, invalidatedAt: new Map(), allInvalidatedAt: 0 });
}

/** True when none of `tags` (nor everything) was invalidated after `clock`. */
export function unchangedSince(tags: readonly string[], clock: number): boolean {
  const state = invalidationClock();
  if (state.allInvalidatedAt > clock) return false;
  return tags.every((tag) => (state.invalidatedAt.get(tag) ?? 0) <= clock);
}

/** The clock of the newest invalidation of `tag` (0: never). */
export function tagVersion(tag: string): number {
  const state = invalidationClock();
  return Math.max(state.invalidatedAt.get(tag) ?? 0, state.allInvalidatedAt);
}

/** Marks what has any of these tags out of date, in this process. */
export function invalidateTags(tags: readonly string[]): void {
  const state = invalidationClock();
  state.clock += 1;
  for (const tag of tags) state.invalidatedAt.set(tag, state.clock);
}

/** Marks everything out of date (after the listener lost its connection, for instance). */
export function invalidateAll(): void {
  const state = invalidationClock();
  state.clock += 1;
  state.allInvalidatedAt = state.clock;
}

/** For tests: forget every invalidation, then mark everything out of date. */
export function resetInvalidationClock(): void {
  invalidationClock().invalidatedAt.clear();
  invalidateAll();
}
