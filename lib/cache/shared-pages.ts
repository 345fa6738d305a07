import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { invalidationClock, unchangedSince } from "@/lib/cache/invalidation-clock";
import type { SharedPageRoute } from "@/lib/cache/shared-page-routes";
import { READER_TEMPLATE_HEADER } from "@/lib/cache/reader-overlay";

/**
 * The page cache: whole signed-out pages (feeds and paper pages), stored as the HTML Next
 * rendered, answered by proxy.ts before Next renders anything (docs/ARCHITECTURE.md,
 * "Caching"). A viral paper's page costs one render per write or per 10 s, not one per reader.
 *
 * - A copy is made by asking this same server for the page with a secret header that proxy.ts
 *   lets through (`isPageFill`): the ordinary render, with its own CSP nonce, whose response
 *   (headers, nonce and all) is stored as it came, and compressed once. Next drops a
 *   Content-Encoding set by proxy.ts and compresses every response itself; under our
 *   preload (scripts/server-preload.mjs: `npm start`, the standalone start.mjs) the stored
 *   gzip goes out as is, elsewhere the HTML goes out for Next to compress.
 * - It is current until a write invalidates one of its tags (the data cache's clock, advanced
 *   on every app server by LISTEN/NOTIFY), and fresh for 10 s (the ranking moves with time).
 *   After that it is still answered for up to a minute while one refill runs.
 * - Readers who ask for a page with no current copy wait for the one refill under way (one
 *   render for a crowd), or go to Next if it fails or the page cannot be kept (not a 200 HTML
 *   page, or it sets a cookie).
 *
 * The CSP nonce of a copy is shared by everyone it is served to. It still does its work: a
 * nonce stops markup injected into a page from running, and what a copy contains was fixed
 * before its nonce was drawn; any change to the content is a new render with a new nonce.
 */

/** A copy is answered without a refill for this long. */
const FRESH_MS = 10_000;
/** Past FRESH_MS (and not invalidated), answered while one refill runs, up to this age. */
const MAX_STALE_MS = 60_000;
/** A page found not storable (a redirect, a 404, a cookie) is sent to Next for this long. */
const NOT_STORABLE_MS = 10_000;
/** The HTML and gzip of all copies: the home page is about 150 + 30 kB. */
const MAX_BYTES = 64 * 1024 * 1024;
/**
 * URLs tracked, with a copy or without one (a page found not storable, a fill under way):
 * requests for made-up paper ids or queries must not grow the map without bound.
 */
export const MAX_SLOTS = 10_000;

/** The response header scripts/server-preload.mjs turns into Content-Encoding. */
const PRECOMPRESSED_HEADER = "x-paperboard-content-encoding";
const PRECOMPRESSED_PASS_THROUGH = Symbol.for("paperboard.precompressedPassThrough");
const FILL_TIMEOUT_MS = 30_000;
const gzipAsync = promisify(gzip);

/** The request header of a fill, carrying this process's secret. */
export const PAGE_FILL_HEADER = "x-paperboard-page-fill";

/** Response headers not stored: hop-by-hop, about the bytes (set again when served), or per response. */
const UNSTORED_HEADERS = new Set([
  "connection",
  "content-encoding",
  "content-length",
  "date",
  "keep-alive",
  "transfer-encoding",
  // Each response has its own (lib/http/http-observer.ts), not the fill's.
  "x-request-id",
]);

export interface StoredPage {
  headers: [string, string][];
  html: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  /** The invalidation clock when its render began: a write after that makes it out of date. */
  clock: number;
  at: number;
}

interface Slot {
  page?: StoredPage;
  /** The refill under way and the clock it began at. */
  filling?: { clock: number; result: Promise<StoredPage | null> };
  notStorableUntil?: number;
}

interface PageCacheState {
  secret: string;
  slots: Map<string, Slot>;
  bytes: number;
  /**
   * Requests answered from a copy, signed-in requests answered from a template reader's copy
   * (lib/cache/reader-overlay.ts), requests sent on to Next, renders made for the cache.
   */
  counts: { hit: number; overlay: number; pass: number; fill: number };
}

const globalPages = globalThis as unknown as { paperboardPageCache?: PageCacheState };
function state(): PageCacheState {
  return (globalPages.paperboardPageCache ??= {
    secret: randomBytes(18).toString("base64url"),
    slots: new Map(),
    bytes: 0,
    counts: { hit: 0, overlay: 0, pass: 0, fill: 0 },
  });
}

/** True for the request of a fill: Next renders it as for any signed-out reader. */
export function isPageFill(headers: Headers): boolean {
  return headers.get(PAGE_FILL_HEADER) === state().secret;
}

/** Where this server answers itself: Next's own origin, over loopback when it listens on every address. */
function selfOrigin(): string {
  const port = process.env.PORT ?? "3000";
  const origin = process.env.__NEXT_PRIVATE_ORIGIN;
  if (origin) {
    const url = new URL(origin);
    if (!["localhost", "0.0.0.0", "[::]", "::"].includes(url.hostname)) return url.origin;
  }
  return `http://127.0.0.1:${port}`;
}

async function render(route: SharedPageRoute): Promise<StoredPage | null> {
  const clock = invalidationClock().clock;
  const headers: Record<string, string> = {
    [PAGE_FILL_HEADER]: state().secret,
    accept: "text/html",
    "accept-encoding": "identity",
  };
  if (route.cookie) headers.cookie = route.cookie;
  if (route.template) headers[READER_TEMPLATE_HEADER] = route.template;
  const response = await fetch(selfOrigin() + route.url, {
    headers,
    redirect: "manual",
    cache: "no-store",
    signal: AbortSignal.timeout(FILL_TIMEOUT_MS),
  });
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !type.startsWith("text/html") || response.headers.has("set-cookie")) {
    await response.body?.cancel();
    return null;
  }
  const html = new Uint8Array(await response.arrayBuffer());
  const stored: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (!UNSTORED_HEADERS.has(name)) stored.push([name, value]);
  });
  // Copied into a buffer of its own (a Buffer may share a pooled one): each answer is handed the same bytes.
  const compressed = new Uint8Array(await gzipAsync(html));
  return { headers: stored, html, gzip: compressed, clock, at: Date.now() };
}

const bytesOf = (page: StoredPage) => page.html.length + page.gzip.length;

function store(key: string, slot: Slot, page: StoredPage): void {
  const cache = state();
  // An older render finishing after a newer one must not replace it.
  if (slot.page && slot.page.clock > page.clock) return;
  if (slot.page) cache.bytes -= bytesOf(slot.page);
  slot.page = page;
  cache.bytes += bytesOf(page);
  cache.slots.delete(key);
  cache.slots.set(key, slot);
  evictLeastRecent(cache);
}

/** Drops the least recently stored or asked-for slots while over either bound. */
function evictLeastRecent(cache: PageCacheState): void {
  for (const [oldest, old] of cache.slots) {
    if (cache.bytes <= MAX_BYTES && cache.slots.size <= MAX_SLOTS) break;
    if (old.page) cache.bytes -= bytesOf(old.page);
    cache.slots.delete(oldest);
  }
}

function refill(route: SharedPageRoute, slot: Slot): Promise<StoredPage | null> {
  const cache = state();
  // A refill that began after the newest write to these tags will do; otherwise a new one.
  if (slot.filling && unchangedSince(route.tags, slot.filling.clock)) return slot.filling.result;
  const filling = {
    clock: invalidationClock().clock,
    result: render(route).then(
      (page) => {
        if (page) store(route.key, slot, page);
        else slot.notStorableUntil = Date.now() + NOT_STORABLE_MS;
        return page;
      },
      (error: unknown) => {
        console.error(`[page-cache] could not render ${route.url} for the cache:`, error);
        slot.notStorableUntil = Date.now() + NOT_STORABLE_MS;
        return null;
      },
    ),
  };
  cache.counts.fill += 1;
  slot.filling = filling;
  void filling.result.finally(() => {
    if (slot.filling === filling) slot.filling = undefined;
  });
  if (!cache.slots.has(route.key)) {
    cache.slots.set(route.key, slot);
    evictLeastRecent(cache);
  }
  return filling.result;
}

/**
 * The current copy of a page, made if needed; null when Next must render it itself. A
 * template reader's copy is counted by the overlay, which may still give way to Next.
 */
export async function currentPage(route: SharedPageRoute): Promise<StoredPage | null> {
  const page = await findPage(route);
  if (!route.template) countPage(page ? "hit" : "pass");
  return page;
}

export function countPage(result: "hit" | "overlay" | "pass"): void {
  state().counts[result] += 1;
}

function findPage(route: SharedPageRoute): Promise<StoredPage | null> | StoredPage | null {
  const cache = state();
  const slot = cache.slots.get(route.key) ?? {};
  const now = Date.now();
  if (slot.notStorableUntil !== undefined && slot.notStorableUntil > now) return null;
  const page = slot.page;
  if (page && unchangedSince(route.tags, page.clock)) {
    const age = now - page.at;
    if (age < FRESH_MS) return page;
    if (age < MAX_STALE_MS) {
      void refill(route, slot);
      return page;
    }
  }
  return refill(route, slot);
}

/**
 * The response for a stored copy: its gzip as stored when the reader accepts gzip and the
 * preload passes it through, else its HTML (which Next compresses as the reader asks).
 */
export function pageResponse(page: StoredPage, acceptEncoding: string | null): Response {
  if (sendsGzip(acceptEncoding)) return gzipResponse(page, page.gzip);
  return new Response(page.html, { status: 200, headers: page.headers });
}

/**
 * A signed-in reader's page made by the overlay from a stored copy (lib/cache/reader-overlay.ts):
 * the copy's headers, and its HTML compressed for this reader alone when the preload can pass
 * it through. gzip's fastest level, on libuv's thread pool: about 1.3 ms of CPU for a 320 kB
 * home page, which on the event loop was a sixth of a signed-in page's time there.
 */
export async function overlaidPageResponse(
  page: StoredPage,
  html: Uint8Array,
  acceptEncoding: string | null,
): Promise<Response> {
  if (sendsGzip(acceptEncoding)) return gzipResponse(page, new Uint8Array(await gzipAsync(html, { level: 1 })));
  return new Response(new Uint8Array(html), { status: 200, headers: page.headers });
}

/** Whether this answer goes out as gzip made here: the reader accepts it, and the preload passes it through. */
function sendsGzip(acceptEncoding: string | null): boolean {
  const passThrough = (globalThis as Record<symbol, unknown>)[PRECOMPRESSED_PASS_THROUGH] === true;
  return passThrough && /\bgzip\b/i.test(acceptEncoding ?? "");
}

function gzipResponse(page: StoredPage, gzipped: Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers(page.headers);
  headers.set(PRECOMPRESSED_HEADER, "gzip");
  return new Response(gzipped, { status: 200, headers });
}

/** For GET /api/metrics: the copies kept, their bytes, and what the cache did so far. */
export function pageCacheStats(): {
  pages: number;
  slots: number;
  bytes: number;
  counts: PageCacheState["counts"];
} {
  const cache = state();
  let pages = 0;
  for (const slot of cache.slots.values()) if (slot.page) pages += 1;
  return { pages, slots: cache.slots.size, bytes: cache.bytes, counts: { ...cache.counts } };
}
