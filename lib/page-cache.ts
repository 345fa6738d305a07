// No "server-only" marker: scripts/app-server.ts, which runs outside Next's bundles, imports it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

/**
 * Micro-caching of the trending home page for signed-out visitors, as HN and most
 * community sites do in front of their app (nginx's proxy_cache, Varnish). The app server
 * (scripts/app-server.ts, what `npm start` runs) answers a signed-out GET / from here before
 * Next sees the request; the HTML is the app's own server render of `/` (fetched over loopback without cookies, so it
 * holds no per-user state), kept for at most HOME_TTL_MS and dropped at once when this
 * server records a vote. A stale copy is served while a fresh one renders
 * (stale-while-revalidate), so visitors never wait for the database.
 *
 * Each copy is compressed once, with brotli and with gzip, when it is rendered: the page is
 * mostly markup and React payload (about 180 kB, 15 kB compressed), and compressing it
 * again for every visitor would cost more than everything else the cache saves. This is
 * also why the cache sits in front of Next rather than in proxy.ts: Next drops the
 * Content-Encoding of responses made by proxies and route handlers, and compresses them
 * again itself.
 */

const HOME_TTL_MS = 60_000;
/** A render older than this is not served even while refreshing. */
const HOME_MAX_STALE_MS = 10 * 60_000;

export type ContentEncoding = "br" | "gzip";

export interface CachedPage {
  /** The page as rendered, and compressed both ways. */
  bodies: Record<ContentEncoding | "identity", Buffer>;
  /**
   * The security headers of the render (lib/security-headers.ts), replayed with every copy.
   * The CSP's nonce is the render's: the HTML carries it, so it is shared by the copies of
   * one render (at most HOME_MAX_STALE_MS). It stays unpredictable before the render, which
   * is what stops markup stored in the page from running (docs/SECURITY.md).
   */
  securityHeaders: Record<string, string>;
  at: number;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface CacheState {
  home?: CachedPage;
  refreshing?: Promise<CachedPage | null>;
  generation: number;
}

// On globalThis: the app server and Next's bundles (where votes invalidate it) load their
// own copies of this module in one process.
const globalCache = globalThis as unknown as { paperboardHomePageCache?: CacheState };
const state = (): CacheState => (globalCache.paperboardHomePageCache ??= { generation: 0 });

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

const REPLAYED_SECURITY_HEADERS = [
  "content-security-policy",
  "strict-transport-security",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
  "x-frame-options",
] as const;

async function render(origin: string): Promise<CachedPage | null> {
  const cache = state();
  const generation = cache.generation;
  // The query string makes serveCachedHome pass this request on to the real page.
  const response = await fetch(`${origin}/?render=anonymous`, { headers: { accept: "text/html" }, cache: "no-store" });
  if (!response.ok) return null;
  const html = Buffer.from(await response.arrayBuffer());
  const [br, gz] = await Promise.all([
    // Quality 5: within a few percent of the best size at a fraction of the time.
    brotli(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: html.byteLength } }),
    gzipAsync(html),
  ]);
  const securityHeaders: Record<string, string> = {};
  for (const name of REPLAYED_SECURITY_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) securityHeaders[name] = value;
  }
  // Without its CSP the copy would run unprotected: serve the real page instead.
  if (!securityHeaders["content-security-policy"]) return null;
  const page: CachedPage = { bodies: { identity: html, br, gzip: gz }, securityHeaders, at: Date.now() };
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

/**
 * Which of our encodings an Accept-Encoding header allows, brotli first; null for none.
 * "q=0" refuses an encoding; "*" allows any not named.
 */
export function pickEncoding(acceptEncoding: string | null): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const quality = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    quality.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (encoding: ContentEncoding) => (quality.get(encoding) ?? quality.get("*") ?? 0) > 0;
  if (allows("br")) return "br";
  return allows("gzip") ? "gzip" : null;
}

export async function getAnonymousHomePage(): Promise<CachedPage | null> {
  const origin = selfOrigin();
  if (!origin) return null;
  const cache = state();
  const now = Date.now();
  const cached = cache.home;
  if (cached && now - cached.at < HOME_TTL_MS) return cached;
  if (cached && now - cached.at < HOME_MAX_STALE_MS) {
    void refresh(origin);
    return cached;
  }
  return refresh(origin);
}

/** Cookies that make a page personal: a session, or a one-time message to show. */
const PERSONAL_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token", "pb_flash"];

/**
 * Whether a request may get the shared copy: a plain GET or HEAD of `/`, without a query
 * string, without a personal cookie, and not one of Next's client-side navigation or server
 * action requests (those want React payloads, not HTML).
 */
export function isCacheableHomeRequest(method: string | undefined, url: string | undefined, headers: IncomingMessage["headers"]): boolean {
  if ((method !== "GET" && method !== "HEAD") || url !== "/") return false;
  if (headers.rsc !== undefined || headers["next-router-prefetch"] !== undefined || headers["next-action"] !== undefined) return false;
  const cookieNames = (headers.cookie ?? "").split(";").map((pair) => pair.split("=")[0]!.trim());
  return !PERSONAL_COOKIES.some((name) => cookieNames.includes(name));
}

/**
 * Answers the request from the cache when it may (see isCacheableHomeRequest) and a copy is
 * at hand; false means the caller passes the request on to Next. Never an authorization
 * boundary: the copy is what anyone signed out sees.
 */
export async function serveCachedHome(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (!isCacheableHomeRequest(request.method, request.url, request.headers)) return false;
  const page = await getAnonymousHomePage();
  if (page === null) return false;
  const encoding = pickEncoding(request.headers["accept-encoding"] ?? null);
  const body = page.bodies[encoding ?? "identity"];
  response.writeHead(200, {
    ...page.securityHeaders,
    "content-type": "text/html; charset=utf-8",
    "content-length": body.byteLength,
    ...(encoding ? { "content-encoding": encoding } : {}),
    // Shared caches may keep it briefly too; it never holds per-user content.
    "cache-control": "public, max-age=0, s-maxage=30, stale-while-revalidate=60",
    vary: "Cookie, Accept-Encoding",
    "x-paperboard-cache": "home",
  });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}
