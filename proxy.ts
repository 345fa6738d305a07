import { NextResponse, type NextRequest } from "next/server";
import { getAnonymousHomePage } from "@/lib/page-cache";

/**
 * Serves signed-out visitors of the home page from its micro-cache (lib/page-cache.ts),
 * before routing and rendering. A performance path only, never an authorization boundary:
 * anything with a session cookie, a one-time message, a query string or a client-side
 * navigation header goes to the page itself, and so does any request the cache cannot serve.
 */
const PERSONAL_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token", "pb_flash"];

export async function proxy(request: NextRequest) {
  const cacheable =
    (request.method === "GET" || request.method === "HEAD") &&
    request.nextUrl.search === "" &&
    !request.headers.has("rsc") &&
    !request.headers.has("next-router-prefetch") &&
    !request.headers.has("next-action") &&
    !PERSONAL_COOKIES.some((name) => request.cookies.has(name));
  const html = cacheable ? await getAnonymousHomePage() : null;
  if (html === null) return NextResponse.next();
  return new NextResponse(request.method === "HEAD" ? null : html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Shared caches may keep it briefly too; it never holds per-user content.
      "cache-control": "public, max-age=0, s-maxage=30, stale-while-revalidate=60",
      vary: "Cookie",
      "x-paperboard-cache": "home",
    },
  });
}

export const config = { matcher: ["/"] };
