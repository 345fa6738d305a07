import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeHttpRequests, routeOf } from "./http-observer";
import { metrics } from "../server/metrics";
import { currentRequestId } from "./request-context";

const patterns = [
  { route: "/", regex: /^\/(?:\/)?$/ },
  { route: "/papers/[...arxivId]", regex: /^\/papers\/(.+?)(?:\/)?$/ },
  { route: "/api/comments/[id]", regex: /^\/api\/comments\/([^/]+?)(?:\/)?$/ },
];

describe("routeOf", () => {
  it("labels a path with its route pattern, never the path itself", () => {
    expect(routeOf("/", patterns)).toBe("/");
    expect(routeOf("/papers/hep-th/9901001", patterns)).toBe("/papers/[...arxivId]");
    expect(routeOf("/api/comments/42", patterns)).toBe("/api/comments/[id]");
    expect(routeOf("/wp-login.php", patterns)).toBe("(unmatched)");
    expect(routeOf("/_next/static/chunks/abc.js", patterns)).toBe("/_next/static");
  });

  it("without a routes manifest, keeps only the first segment (bounded cardinality)", () => {
    expect(routeOf("/papers/2406.12845", [])).toBe("/papers");
  });
});

describe("observeHttpRequests", () => {
  let server: http.Server;
  let base = "";
  const seenIds: (string | undefined)[] = [];

  beforeAll(async () => {
    observeHttpRequests("/nonexistent-dist-dir");
    server = http.createServer((request, response) => {
      // The id is there for everything the handler does, including after an await.
      void Promise.resolve().then(() => {
        seenIds.push(currentRequestId());
        response.statusCode = request.url === "/missing" ? 404 : 200;
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gives each request an id, answers it in X-Request-ID and counts it by route and status", async () => {
    const count = async (route: string, status: string) =>
      (await metrics.httpRequestDuration.get()).values.find(
        (value) =>
          value.metricName === "http_request_duration_seconds_count" &&
          value.labels.route === route &&
          value.labels.status === status,
      )?.value ?? 0;
    const before = await count("/observed", "200");

    const first = await fetch(`${base}/observed/1`);
    const second = await fetch(`${base}/observed/2`, { headers: { "x-request-id": "nginx-request-0123456789" } });
    const missing = await fetch(`${base}/missing`);
    expect(first.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // From loopback, the proxy's id is adopted.
    expect(second.headers.get("x-request-id")).toBe("nginx-request-0123456789");
    expect(seenIds).toEqual([
      first.headers.get("x-request-id"),
      "nginx-request-0123456789",
      missing.headers.get("x-request-id"),
    ]);

    await expect.poll(() => count("/observed", "200")).toBe(before + 2);
    await expect.poll(() => count("/missing", "404")).toBeGreaterThanOrEqual(1);
  });
});
