import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { parseExposition } from "./prometheus-text";
import { makeSessions } from "./sessions";

const scrape = (request: import("@playwright/test").APIRequestContext, token = e2e.metricsToken) =>
  request.get("/api/metrics", { headers: { authorization: `Bearer ${token}` } });

test.describe("GET /api/metrics", () => {
  test("refuses a scraper without the token, or with a wrong one", async ({ request }) => {
    const none = await request.get("/api/metrics");
    expect(none.status()).toBe(401);
    expect(none.headers()["www-authenticate"]).toContain("Bearer");
    expect((await scrape(request, "not-the-metrics-token-at-all")).status()).toBe(401);
  });

  test("is valid Prometheus text and counts requests, votes, comments and the ranking cache", async ({ request }) => {
    const before = parseExposition(await (await scrape(request)).text());
    const [voter] = await makeSessions("metrics", 1);
    const headers = { cookie: voter!.cookie, origin: e2e.baseUrl, "content-type": "application/json" };
    // As a browser asks for a page (the page cache answers only those).
    const document = { headers: { accept: "text/html" } };
    expect((await request.get("/", document)).status()).toBe(200);
    expect((await request.get("/papers/2406.12845", document)).status()).toBe(200);
    expect((await request.put("/api/papers/2406.12845/vote", { data: { upvoted: true }, headers })).status()).toBe(200);
    expect(
      (
        await request.post("/api/papers/2406.12845/comments", { data: { body: "Counted by the metrics." }, headers })
      ).status(),
    ).toBe(201);
    expect((await request.get("/", document)).status()).toBe(200);
    expect((await request.get("/", document)).status()).toBe(200);
    // A signed-in reader's home page, made by the reader overlay.
    expect((await request.get("/", { headers: { ...document.headers, cookie: voter!.cookie } })).status()).toBe(200);

    const response = await scrape(request);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const after = parseExposition(await response.text());

    expect(after.types.get("http_request_duration_seconds")).toBe("histogram");
    const pageRequests = (exposition: typeof after) =>
      exposition.sum("http_request_duration_seconds_count", {
        method: "GET",
        route: "/papers/[...arxivId]",
        status: "200",
      });
    expect(pageRequests(after)).toBeGreaterThanOrEqual(pageRequests(before) + 1);
    expect(
      after.sum("http_request_duration_seconds_count", {
        method: "PUT",
        route: "/api/papers/[...path]",
        status: "200",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.sum("paperboard_votes_total", { direction: "up" })).toBe(
      before.sum("paperboard_votes_total", { direction: "up" }) + 1,
    );
    expect(after.sum("paperboard_comments_total")).toBe(before.sum("paperboard_comments_total") + 1);
    // The home page after a vote recomputes the live ranking: at least one miss.
    expect(after.sum("paperboard_live_ranking_cache_total", { result: "miss" })).toBeGreaterThan(
      before.sum("paperboard_live_ranking_cache_total", { result: "miss" }),
    );
    // The signed-out page views went through the page cache: the home page twice (one render
    // after the vote made the first copy out of date), the paper page once.
    expect(after.sum("paperboard_page_cache_total", { result: "fill" })).toBeGreaterThanOrEqual(
      before.sum("paperboard_page_cache_total", { result: "fill" }) + 2,
    );
    expect(after.sum("paperboard_page_cache_total", { result: "hit" })).toBeGreaterThanOrEqual(
      before.sum("paperboard_page_cache_total", { result: "hit" }) + 3,
    );
    expect(after.sum("paperboard_page_cache_total", { result: "overlay" })).toBe(
      before.sum("paperboard_page_cache_total", { result: "overlay" }) + 1,
    );
    expect(after.sum("paperboard_page_cache_bytes")).toBeGreaterThan(0);
    for (const name of [
      "paperboard_sign_ins_total",
      "paperboard_job_runs_total",
      "paperboard_db_pool_max",
      "paperboard_db_pool_connections",
    ]) {
      expect(after.types.has(name), name).toBe(true);
    }
    expect(after.sum("paperboard_db_pool_max")).toBe(10);
    // This server holds at least one connection of its pool, as PostgreSQL lists it.
    expect(after.sum("paperboard_db_pool_connections")).toBeGreaterThanOrEqual(1);
  });
});
