import { hasBearerSecret } from "@/lib/identity/bearer-secret";
import { getEnv } from "@/lib/env";
import { jsonError } from "@/lib/http/api";
import { renderMetrics } from "@/lib/server/metrics-report";

/**
 * Prometheus metrics of this app server (lib/server/metrics.ts), for a scraper holding
 * METRICS_TOKEN. Unset, the endpoint does not exist (404): nothing to guess a token for,
 * and a site that does not collect metrics does not advertise the route. A missing or
 * wrong token is a 401 with a WWW-Authenticate challenge, as for any bearer-protected route.
 */
export async function GET(request: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return jsonError(404, "Not found.");
  if (!hasBearerSecret(request, token)) {
    const response = jsonError(401, "A valid Authorization: Bearer <METRICS_TOKEN> header is required.");
    response.headers.set("WWW-Authenticate", 'Bearer realm="metrics"');
    return response;
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
