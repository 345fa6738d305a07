import { expect, test, type APIRequestContext } from "./fixtures";
import { e2e } from "./config";
import type { E2eSql } from "./db";
import { makeApiToken, makeSessions } from "./sessions";

/**
 * No request a client can send gets a 5xx (issue #14). Walks every operation of the OpenAPI
 * document and every page route with generated bad input: wrong types, huge and empty
 * values, invalid UTF-8 and percent-encoding, unknown ids, missing and foreign Origin,
 * forged and expired cookies and tokens. Every answer is 2xx, 3xx or 4xx; an API error has
 * the documented shape `{"error", "field"?}`; a refused write changes nothing in the
 * database. The randomness is seeded, so a failure names a request that reproduces.
 */

const SEED = 14;
const REQUESTS_PER_OPERATION = 10;
const REQUESTS_PER_PAGE = 4;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

// Path segments: already encoded as they go into the URL.
const BAD_SEGMENTS = [
  "",
  "0",
  "-1",
  "1.5",
  "99999999999999999999",
  "2147483648",
  "%",
  "%25",
  "%FF",
  "%E3%80",
  "%C0%AF",
  "%00",
  "..%2F..%2Fetc",
  "a".repeat(3000),
  "9999.99999",
  "2401.00001",
  "hep-th%2F9901001",
  "%F0%9F%92%A5",
  "null",
  "undefined",
  "%3Cscript%3E",
  "true",
  "[]",
  "%E2%80%AE",
  "2026-02-30",
  "2026-W60",
  "2026-13",
  "0000-00-00",
];
const BAD_QUERY_VALUES = [
  "",
  "-1",
  "0",
  "1e309",
  "NaN",
  "%",
  "%FF",
  "%E3%80",
  "x".repeat(5000),
  "2026-02-30",
  "999999",
  "daily",
  "weekly",
  "%F0%9F%92%A5",
  "cs.LG",
  "'; drop table papers; --",
  "[object Object]",
  "2026-W00",
];
const BAD_BODIES: (string | Buffer | undefined)[] = [
  undefined,
  "",
  "{",
  "null",
  "[]",
  '"text"',
  "123",
  "{}",
  '{"upvoted":"yes"}',
  '{"upvoted":null}',
  '{"body":123}',
  '{"body":""}',
  '{"body":"   "}',
  '{"reason":[]}',
  '{"name":{}}',
  '{"email":"not-an-address","frequency":"hourly"}',
  '{"arxivId":"../../etc/passwd"}',
  '{"arxivId":123}',
  JSON.stringify({ body: "x".repeat(10_001) }),
  JSON.stringify({ reason: "r".repeat(501) }),
  JSON.stringify({ name: "n".repeat(81) }),
  JSON.stringify({ upvoted: true, extra: 1 }),
  '{"parentId":"one","body":"x"}',
  JSON.stringify({ body: "y", parentId: 2 ** 40 }),
  Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.alloc(1024 * 1024 + 10, 0x20),
];

/** Who calls: headers for each kind of caller, made once. */
async function makeCallers(sql: E2eSql) {
  const [valid] = await makeSessions("fuzz", 1);
  const token = await makeApiToken(valid!.userId);
  const expiredToken = `fuzz-expired-${valid!.userId}`;
  await sql`insert into sessions (session_token, user_id, expires) values (${expiredToken}, ${valid!.userId}, now() - interval '1 day')`;
  return [
    { name: "anonymous", headers: {} },
    { name: "forged cookie", headers: { cookie: "authjs.session-token=forged-0123456789" } },
    { name: "expired cookie", headers: { cookie: `authjs.session-token=${expiredToken}`, origin: e2e.baseUrl } },
    { name: "oversized cookie", headers: { cookie: `authjs.session-token=${"c".repeat(4000)}` } },
    { name: "session, no Origin", headers: { cookie: valid!.cookie } },
    { name: "session, foreign Origin", headers: { cookie: valid!.cookie, origin: "https://evil.example" } },
    { name: "session, Origin null", headers: { cookie: valid!.cookie, origin: "null" } },
    { name: "session, own Origin", headers: { cookie: valid!.cookie, origin: e2e.baseUrl } },
    { name: "forged token", headers: { authorization: "Bearer pb_forged0123456789" } },
    { name: "malformed authorization", headers: { authorization: "Basic Zm9vOmJhcg==" } },
    { name: "token", headers: { authorization: `Bearer ${token}` } },
  ] as { name: string; headers: Record<string, string> }[];
}

/** A checksum of what a write could change; rate-limit counters and session expiry are not data. */
async function databaseChecksum(sql: E2eSql): Promise<string> {
  const [row] = await sql`
    select md5(string_agg(part, '|' order by part)) as checksum from (
      select 'papers:' || md5(coalesce(string_agg((id, arxiv_id, upvotes, comment_count, code_url, project_url)::text, ',' order by id), '')) as part from papers
      union all select 'votes:' || md5(coalesce(string_agg((user_id, paper_id, weight)::text, ',' order by user_id, paper_id), '')) from votes
      union all select 'comments:' || md5(coalesce(string_agg((id, body, edited_at, deleted_at, hidden_at, upvotes)::text, ',' order by id), '')) from comments
      union all select 'comment_votes:' || count(*) from comment_votes
      union all select 'comment_reports:' || count(*) || ':' || count(resolved_at) from comment_reports
      union all select 'moderation_log:' || count(*) from moderation_log
      union all select 'api_tokens:' || md5(coalesce(string_agg((id, revoked_at)::text, ',' order by id), '')) from api_tokens
      union all select 'subscriptions:' || md5(coalesce(string_agg(s::text, ',' order by s.id), '')) from subscriptions s
      union all select 'users:' || md5(coalesce(string_agg((id, role, banned_at, vote_weight_override)::text, ',' order by id), '')) from users
      union all select 'snapshots:' || count(*) from trending_snapshots
    ) parts`;
  return String(row!.checksum);
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

function expectNoServerError(status: number, label: string) {
  expect(status, `${label} answered ${status}`).toBeLessThan(500);
  expect(status, `${label} answered ${status}`).toBeGreaterThanOrEqual(200);
}

async function send(
  request: APIRequestContext,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string | Buffer,
) {
  return request.fetch(url, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    data: body,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

test.describe("fuzz", () => {
  test("every API operation: no 5xx, the documented error shape, refused writes change nothing", async ({
    request,
    sql,
  }) => {
    test.setTimeout(180_000);
    const rng = random(SEED);
    const callers = await makeCallers(sql);
    const document: { paths: Record<string, Record<string, Operation>> } = await (
      await request.get("/api/openapi.json")
    ).json();
    let sent = 0;
    // The state before the next write: a refused write must leave it as it is.
    let checksum = await databaseChecksum(sql);
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const write = method !== "get";
        const queryNames = (operation.parameters ?? [])
          .filter((parameter) => parameter.in === "query")
          .map((parameter) => parameter.name);
        for (let round = 0; round < REQUESTS_PER_OPERATION; round += 1) {
          const caller = rng.pick(callers);
          const path = template.replace(/\{[^}]+\}/g, () => rng.pick(BAD_SEGMENTS));
          const query = queryNames
            .filter(() => rng.next() < 0.7)
            .map((name) => `${encodeURIComponent(name)}=${rng.pick(BAD_QUERY_VALUES)}`)
            .join("&");
          const body = write ? rng.pick(BAD_BODIES) : undefined;
          const url = `${path}${query ? `?${query}` : ""}`;
          const label = `#${sent} ${method.toUpperCase()} ${url.slice(0, 120)} as ${caller.name} with body ${String(body ?? "(none)").slice(0, 60)}`;
          const response = await send(request, method.toUpperCase(), url, caller.headers, body);
          sent += 1;
          const status = response.status();
          expectNoServerError(status, label);
          // Auth.js's own routes answer in their own formats.
          if (status >= 400 && !template.startsWith("/api/auth/")) {
            const text = await response.text();
            let json: Record<string, unknown> | undefined;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            expect(json, `${label}: error body ${text.slice(0, 200)}`).toBeDefined();
            expect(typeof json!.error, `${label}: ${text.slice(0, 200)}`).toBe("string");
            expect(
              Object.keys(json!).every((key) => key === "error" || key === "field"),
              `${label}: ${text.slice(0, 200)}`,
            ).toBe(true);
            if ("field" in json!) expect(typeof json!.field).toBe("string");
            if (status === 429) expect(response.headers()["retry-after"], label).toMatch(/^\d+$/);
          }
          if (write) {
            const after = await databaseChecksum(sql);
            if (status >= 400) expect(after, `${label}: a refused write changed the database`).toBe(checksum);
            checksum = after;
          }
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(200);
  });

  test("every page route: no 5xx for bad segments, queries and cookies", async ({ request, sql }) => {
    test.setTimeout(180_000);
    const rng = random(SEED + 1);
    const callers = (await makeCallers(sql)).filter((caller) => !caller.headers.authorization);
    const routes = [
      "/",
      "/about",
      "/new",
      "/trending",
      "/trending/{}",
      "/daily",
      "/daily/{}",
      "/weekly",
      "/weekly/{}",
      "/monthly",
      "/monthly/{}",
      "/papers/{}",
      "/papers/{}/{}",
      "/authors/{}",
      "/u/{}",
      "/search",
      "/signin",
      "/settings",
      "/submit",
      "/ranking",
      "/moderation",
      "/moderation/reports",
      "/subscriptions/confirm",
      "/unsubscribe",
      "/auth/error",
      "/api",
      "/digest/{}",
      "/feeds/trending.rss",
      "/feeds/new.atom",
      "/feeds/trending/{}",
      "/feeds/comments/{}",
      "/og/paper/{}",
      "/sitemap.xml",
      "/robots.txt",
    ];
    const queryNames = ["q", "callbackUrl", "token", "category", "page", "order", "error", "cursor", "date"];
    const callbackUrls = [
      "/%E3%80%80/evil.example",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/x",
      "/%FF",
      "/a%0d%0aSet-Cookie:x=y",
      "/\u00e9t\u00e9",
    ];
    let sent = 0;
    for (const route of routes) {
      for (let round = 0; round < REQUESTS_PER_PAGE; round += 1) {
        const caller = rng.pick(callers);
        const path = route.replace(/\{\}/g, () => rng.pick(BAD_SEGMENTS));
        const query = queryNames
          .filter(() => rng.next() < 0.3)
          .map(
            (name) =>
              `${name}=${name === "callbackUrl" ? encodeURIComponent(rng.pick(callbackUrls)) : rng.pick(BAD_QUERY_VALUES)}`,
          )
          .join("&");
        const url = `${path}${query ? `?${query}` : ""}`;
        const response = await send(request, "GET", url, caller.headers);
        sent += 1;
        expectNoServerError(response.status(), `#${sent} GET ${url.slice(0, 160)} as ${caller.name}`);
      }
    }
    // The findings of the review, each once, signed in where it mattered.
    const session = callers.find((caller) => caller.name === "session, own Origin")!;
    for (const url of [
      "/u/%25",
      "/u/%",
      "/u/%E3%80",
      "/signin?callbackUrl=/%E3%80%80/evil.example",
      "/authors/%FF",
      "/papers/%E3%80",
    ]) {
      const response = await send(request, "GET", url, session.headers);
      expectNoServerError(response.status(), `GET ${url} signed in`);
      const location = response.headers().location;
      if (location) expect(location, url).not.toMatch(/^(?:https?:)?\/\/(?!localhost)/);
    }
    expect(sent).toBeGreaterThanOrEqual(100);
  });
});
