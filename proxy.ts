import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends signed-out visitors of the home page to its micro-cache (lib/page-cache.ts). This
 * is a performance path only, never an authorization boundary: anything with a session
 * cookie, a one-time message, a query string or a client-side navigation header goes to
 * the page itself.
 */
const PERSONAL_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token", "pb_flash"];

export function proxy(request: NextRequest) {
  const cacheable =
    (request.method === "GET" || request.method === "HEAD") &&
    request.nextUrl.search === "" &&
    !request.headers.has("rsc") &&
    !request.headers.has("next-router-prefetch") &&
    !request.headers.has("next-action") &&
    !PERSONAL_COOKIES.some((name) => request.cookies.has(name)) &&
    Boolean(process.env.PORT);
  if (!cacheable) return NextResponse.next();
  return NextResponse.rewrite(new URL("/api/internal/home", request.url));
}

export const config = { matcher: ["/"] };
