import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { readerPageRoute, sharedPageRoute, type PageRequest } from "@/lib/cache/shared-page-routes";
import { readerPage } from "@/lib/reader/page-overlay";
import { currentPage, isPageFill, pageResponse } from "@/lib/cache/shared-pages";
import { prerenderedInlineHashes } from "@/lib/http/prerendered-csp";
import {
  createNonce,
  githubOrigins,
  pageContentSecurityPolicy,
  strictTransportSecurity,
} from "@/lib/http/security-headers";

/**
 * First, the page cache: a signed-out reader's feed or paper page is answered from a copy of
 * one render, with that render's own headers (lib/cache/shared-pages.ts); a signed-in
 * reader's feed page is made from a copy rendered for a template reader, with their own
 * header, votes and saved papers written in (lib/cache/reader-overlay.ts).
 *
 * Otherwise, per-request security headers (lib/http/security-headers.ts): a fresh CSP nonce,
 * which Next.js reads back from the request's Content-Security-Policy header and puts on its
 * own scripts and styles in every page it renders per request; the hashes of a prerendered
 * page's inline scripts (lib/http/prerendered-csp.ts), which no nonce reaches; and HSTS from
 * the runtime SITE_URL. Never an authorization boundary: every action, route and lib
 * function checks the session itself.
 */
export async function proxy(request: NextRequest) {
  const env = getEnv();
  // Not under `next dev`: a developer's edit must show on the next reload.
  const shared = env.NODE_ENV === "production" ? await sharedPage(request) : null;
  if (shared) return shared;
  const nonce = createNonce();
  const prerendered = prerenderedInlineHashes(request.nextUrl.pathname);
  const csp = pageContentSecurityPolicy({
    scriptHashes: prerendered.scripts,
    styleHashes: prerendered.styles,
    nonce,
    development: env.NODE_ENV === "development",
    https: env.SITE_URL.startsWith("https://"),
    ...githubOrigins(env.AUTH_GITHUB_ENTERPRISE_URL),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(env.SITE_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

/** A feed or paper page from the page cache (lib/cache/shared-pages.ts); null: render it. */
async function sharedPage(request: NextRequest): Promise<Response | null> {
  if (isPageFill(request.headers)) return null;
  const pageRequest: PageRequest = {
    method: request.method,
    pathname: request.nextUrl.pathname,
    search: request.nextUrl.search,
    headers: request.headers,
    cookies: new Map(request.cookies.getAll().map((cookie) => [cookie.name, cookie.value])),
  };
  const acceptEncoding = request.headers.get("accept-encoding");
  const reading = readerPageRoute(pageRequest);
  if (reading) {
    // The overlay is an optimisation: if it fails (the database, a bug), Next renders the page.
    return readerPage(reading.route, reading.sessionToken, acceptEncoding).catch((error: unknown) => {
      console.error("[reader-overlay] could not make the page; Next renders it:", error);
      return null;
    });
  }
  const route = sharedPageRoute(pageRequest);
  const page = route && (await currentPage(route));
  return page ? pageResponse(page, acceptEncoding) : null;
}

export const config = {
  // Not /api/… (JSON, whose static CSP comes from next.config.ts: running the proxy there
  // would make Next buffer request bodies ahead of the routes' own size caps), not built
  // assets. The /api documentation page itself is matched.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico).*)"],
};
