// No "server-only" marker: proxy.ts, which Next bundles apart from the app, imports it.

/**
 * Micro-caching of the trending home page for signed-out visitors, as HN and most
 * community sites do in front of their app. proxy.ts answers a signed-out GET / from here; the
 * HTML is the app's own server render of `/` (fetched over loopback without cookies, so it
 * holds no per-user state), kept for at most HOME_TTL_MS and dropped at once when this
 * server records a vote. A stale copy is served while a fresh one renders
 * (stale-while-revalidate), so visitors never wait for the database.
 */

const HOME_TTL_MS = 60_000;
/** A render older than this is not served even while refreshing. */
const HOME_MAX_STALE_MS = 10 * 60_000;

interface CachedPage {
  html: string;
  at: number;
}

interface CacheState {
  home?: CachedPage;
  refreshing?: Promise<CachedPage | null>;
  generation: number;
}

// On globalThis: route handlers and pages may be separate module instances in one server.
const globalCache = globalThis as unknown as { paperboardPageCache?: CacheState };
const state = (): CacheState => (globalCache.paperboardPageCache ??= { generation: 0 });

export function invalidatePageCache(): void {
  const cache = state();
  cache.generation += 1;
  cache.home = undefined;
}

/** The loopback origin of this very server; never derived from the request's Host header. */
export function selfOrigin(): string | null {
  const port = process.env.PORT;
  return port && /^\d+$/.test(port) ? `http://127.0.0.1:${port}` : null;
}

async function render(origin: string): Promise<CachedPage | null> {
  const cache = state();
  const generation = cache.generation;
  // The query string makes proxy.ts let this request through to the real page.
  const response = await fetch(`${origin}/?render=anonymous`, { headers: { accept: "text/html" }, cache: "no-store" });
  if (!response.ok) return null;
  const page = { html: await response.text(), at: Date.now() };
  // A vote while rendering: this copy may already be stale, so it is served once but not kept.
  if (cache.generation === generation) cache.home = page;
  return page;
}

function refresh(origin: string): Promise<CachedPage | null> {
  const cache = state();
  cache.refreshing ??= render(origin)
    .catch(() => null)
    .finally(() => {
      cache.refreshing = undefined;
    });
  return cache.refreshing;
}

export async function getAnonymousHomePage(): Promise<string | null> {
  const origin = selfOrigin();
  if (!origin) return null;
  const cache = state();
  const now = Date.now();
  const cached = cache.home;
  if (cached && now - cached.at < HOME_TTL_MS) return cached.html;
  if (cached && now - cached.at < HOME_MAX_STALE_MS) {
    void refresh(origin);
    return cached.html;
  }
  return (await refresh(origin))?.html ?? null;
}
