/**
 * Runs once when a Next.js server starts (not during `next build`): `npm start`'s standalone
 * server.js, `next start` or `next dev`. Validates the configuration and applies pending
 * migrations, so that any of them, behind any process manager, refuses a wrong environment
 * and never serves an old schema; then starts the request log and metrics
 * (lib/http/http-observer.ts), OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, and
 * the job scheduler.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertStartable } = await import("./lib/server/startup");
  await assertStartable();
}

/**
 * Errors thrown while rendering a page or running a route handler or server action, with
 * where they happened; the line carries the request's id like every other (lib/server/logger.ts).
 */
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string },
  context: { routerKind: string; routePath: string; routeType: string },
) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/server/logger");
  logger.error(
    {
      err: error,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
    },
    "request failed",
  );
}
