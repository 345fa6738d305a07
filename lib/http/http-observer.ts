import diagnostics from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { requestContext, requestIdFor } from "@/lib/http/request-context";

/**
 * One log line and one histogram observation per HTTP request, for every page, route
 * handler and static file the server answers, with the request id set for everything the
 * request does (lib/http/request-context.ts).
 *
 * Where it hooks in: Node's `http.server.request.start` diagnostics channel, which Node
 * publishes synchronously for each request just before the server's 'request' event. Next
 * offers no such hook of its own: instrumentation's onRequestError sees failures only, a
 * proxy.ts runs before the response exists (no status, no latency), and a wrapper around
 * route handlers would miss pages. The channel works under `next start`, the standalone
 * server.js and `next dev` alike, without a custom server.
 */

interface RoutePattern {
  route: string;
  regex: RegExp;
}

/**
 * The route patterns of the build (routes-manifest.json), so that metrics are labelled
 * `/papers/[id]` rather than one series per paper. Unreadable (e.g. `next dev` before the
 * first compile), requests are labelled by their first path segment only.
 */
function loadRoutePatterns(distDir: string): RoutePattern[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as {
      staticRoutes?: { page: string; regex: string }[];
      dynamicRoutes?: { page: string; regex: string }[];
    };
    return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((entry) => ({
      route: entry.page,
      regex: new RegExp(entry.regex),
    }));
  } catch {
    return [];
  }
}

/** The low-cardinality label of a path: its route pattern. Pure, for the test. */
export function routeOf(pathname: string, patterns: RoutePattern[]): string {
  if (pathname.startsWith("/_next/static/")) return "/_next/static";
  if (pathname.startsWith("/_next/")) return "/_next";
  for (const pattern of patterns) if (pattern.regex.test(pathname)) return pattern.route;
  if (patterns.length === 0) return `/${pathname.split("/")[1] ?? ""}`;
  return "(unmatched)";
}

const globalObserver = globalThis as unknown as { paperboardHttpObserver?: boolean };

export function observeHttpRequests(distDir = path.join(process.cwd(), ".next")): void {
  if (globalObserver.paperboardHttpObserver) return;
  globalObserver.paperboardHttpObserver = true;
  let patterns: RoutePattern[] | undefined;
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(request.headers["x-request-id"], request.socket.remoteAddress);
    // Set for the rest of this synchronous dispatch, which is where Node emits 'request':
    // everything Next does for the request inherits it. (The channel gives no callback to
    // wrap, hence enterWith rather than run.)
    requestContext.enterWith({ requestId });
    response.setHeader("x-request-id", requestId);
    response.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pathname = (request.url ?? "/").split("?")[0] ?? "/";
      patterns ??= loadRoutePatterns(distDir);
      const route = routeOf(pathname, patterns);
      const status = response.statusCode;
      metrics.httpRequestDuration.observe({ method: request.method ?? "GET", route, status: String(status) }, seconds);
      // Static files and health checks at debug level: a load balancer probes every few seconds.
      const quiet = route === "/_next/static" || route === "/api/health";
      logger[quiet ? "debug" : status >= 500 ? "error" : "info"](
        {
          reqId: requestId,
          method: request.method,
          route,
          path: pathname,
          status,
          ms: Math.round(seconds * 10_000) / 10,
        },
        "request",
      );
    });
  });
}
