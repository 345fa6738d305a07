import { expect, test, type APIRequestContext } from "./fixtures";
import { z } from "zod";

/**
 * Paperboard as a Hugging Face Papers endpoint: requests shaped like the huggingface_hub
 * Python client's (`HfApi(endpoint=…)`: same paths, query parameters and headers), answers
 * checked against the field names and types that client reads.
 *
 * The expected types are written from huggingface_hub's src/huggingface_hub/hf_api.py:
 * `PaperInfo.__init__` reads a daily-paper item as `paper` {`id`, `authors` [{`name`}],
 * `publishedAt`, `summary`, `upvotes`, `discussionId`?} beside top-level `title`,
 * `publishedAt` (submitted to the daily list), `numComments`, `submittedBy` (read by
 * `User.__init__`: `fullname`, `avatarUrl`, `type`…), and a paper (`paper_info`) as the same
 * fields at the top level with `submittedOnDailyAt`; `parse_datetime` expects
 * "%Y-%m-%dT%H:%M:%S.%fZ". `list_papers` GETs /api/papers/search?q=, `paper_info`
 * /api/papers/{id}; `list_daily_papers` GETs /api/daily_papers with date, week, month,
 * submitter, sort, p and limit (hub-docs api.md); `read_paper` fetches /papers/{id}.md.
 * PR huggingface_hub#3586 added `githubRepo`, `githubStars` and `projectPage`.
 */

/** huggingface_hub's build_hf_headers: its user agent, and the stored Hugging Face token when there is one. */
const HF_HEADERS = {
  "user-agent": "huggingface_hub/1.3.0; python/3.12.3; torch/N/A",
  accept: "*/*",
  "accept-encoding": "gzip, deflate",
  authorization: "Bearer hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
};

const hfDatetime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "parse_datetime's %Y-%m-%dT%H:%M:%S.%fZ");
const hfUser = z.object({ name: z.string(), fullname: z.string(), avatarUrl: z.string(), type: z.literal("user") });
const hfAuthor = z.object({ name: z.string() });
const hfPaperFields = {
  id: z.string().min(1),
  authors: z.array(hfAuthor),
  publishedAt: hfDatetime.nullable(),
  title: z.string(),
  summary: z.string(),
  upvotes: z.number().int().min(0),
  githubRepo: z.string().url().nullable(),
  githubStars: z.number().int().min(0).nullable(),
  projectPage: z.string().nullable(),
};
/** `paper_info`: the paper at the top level. */
const hfPaperInfo = z.object({
  ...hfPaperFields,
  numComments: z.number().int().min(0),
  submittedOnDailyAt: hfDatetime,
  submittedBy: hfUser.nullable(),
  thumbnail: z.string().url(),
});
/** `list_daily_papers` and `list_papers`: the paper under `paper`, the daily submission beside it. */
const hfDailyPaper = z.object({
  paper: z.object(hfPaperFields),
  title: z.string(),
  summary: z.string(),
  publishedAt: hfDatetime,
  thumbnail: z.string().url(),
  numComments: z.number().int().min(0),
  submittedBy: hfUser.nullable(),
});
const hfDailyPaperList = z.array(hfDailyPaper);

async function hfGet(request: APIRequestContext, path: string, params: Record<string, string | number> = {}) {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return request.get(`${path}${query.size ? `?${query}` : ""}`, { headers: HF_HEADERS });
}

async function dailyPapers(request: APIRequestContext, params: Record<string, string | number>) {
  const response = await hfGet(request, "/api/daily_papers", params);
  expect(response.status(), JSON.stringify(params)).toBe(200);
  const body = await response.json();
  const parsed = hfDailyPaperList.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  return parsed.data!;
}

test.describe("the huggingface_hub client against Paperboard", () => {
  test("paper_info: GET /api/papers/{id}, with the client's stored Hugging Face token", async ({ request }) => {
    const response = await hfGet(request, "/api/papers/2406.12845");
    expect(response.status()).toBe(200);
    const paper = hfPaperInfo.parse(await response.json());
    expect(paper.id).toBe("2406.12845");
    expect(paper.authors[0]!.name.length).toBeGreaterThan(0);
    expect(paper.thumbnail).toMatch(/\/og\/paper\/2406\.12845$/);
  });

  test("list_daily_papers: a day, a week, a month, pages, a submitter and both sorts", async ({ request }) => {
    const paper = hfPaperInfo.parse(await (await hfGet(request, "/api/papers/2406.12845")).json());
    const day = paper.submittedOnDailyAt.slice(0, 10);

    const ofDay = await dailyPapers(request, { date: day });
    expect(ofDay.map((item) => item.paper.id)).toContain("2406.12845");
    expect(ofDay.every((item) => item.publishedAt.startsWith(day))).toBe(true);
    const newestFirst = ofDay.map((item) => item.publishedAt);
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());

    const byVotes = await dailyPapers(request, { date: day, sort: "trending" });
    expect(new Set(byVotes.map((item) => item.paper.id))).toEqual(new Set(ofDay.map((item) => item.paper.id)));

    const month = await dailyPapers(request, { month: day.slice(0, 7), limit: 100 });
    expect(month.map((item) => item.paper.id)).toContain("2406.12845");
    expect(month.every((item) => item.publishedAt.startsWith(day.slice(0, 7)))).toBe(true);

    const first = await dailyPapers(request, { limit: 5, p: 0 });
    const second = await dailyPapers(request, { limit: 5, p: 1 });
    expect(first).toHaveLength(5);
    expect(second).toHaveLength(5);
    expect(first.map((item) => item.paper.id).filter((id) => second.some((item) => item.paper.id === id))).toEqual([]);

    const trending = await dailyPapers(request, { sort: "trending", limit: 3 });
    const live = (await (await request.get("/api/papers?feed=trending&limit=3")).json()).items.map(
      (item: { id: string }) => item.id,
    );
    expect(trending.map((item) => item.paper.id)).toEqual(live);

    const submitted = (await dailyPapers(request, { limit: 100 })).find((item) => item.submittedBy !== null)!;
    const bySubmitter = await dailyPapers(request, { submitter: submitted.submittedBy!.name, limit: 100 });
    expect(bySubmitter.length).toBeGreaterThan(0);
    expect(bySubmitter.every((item) => item.submittedBy?.name === submitted.submittedBy!.name)).toBe(true);
    expect(await dailyPapers(request, { submitter: "nobody-by-this-name" })).toEqual([]);
  });

  test("a week is an ISO week", async ({ request }) => {
    const paper = hfPaperInfo.parse(await (await hfGet(request, "/api/papers/2406.12845")).json());
    const added = new Date(paper.submittedOnDailyAt);
    // ISO week of the day it was added.
    const thursday = new Date(
      Date.UTC(added.getUTCFullYear(), added.getUTCMonth(), added.getUTCDate() + 3 - ((added.getUTCDay() + 6) % 7)),
    );
    const yearStart = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
    const week =
      1 +
      Math.round(((thursday.getTime() - yearStart.getTime()) / 86_400_000 - 3 + ((yearStart.getUTCDay() + 6) % 7)) / 7);
    const items = await dailyPapers(request, {
      week: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`,
      limit: 100,
    });
    expect(items.map((item) => item.paper.id)).toContain("2406.12845");
  });

  test("bad parameters are a 400 naming the parameter", async ({ request }) => {
    for (const [params, field] of [
      [{ date: "2026-02-30" }, "date"],
      [{ week: "2026-W60" }, "week"],
      [{ month: "2026-13" }, "month"],
      [{ date: "2026-02-01", month: "2026-02" }, "month"],
      [{ sort: "hot" }, "sort"],
      [{ p: -1 }, "p"],
      [{ limit: 1000 }, "limit"],
    ] as const) {
      const response = await hfGet(request, "/api/daily_papers", params);
      expect(response.status(), JSON.stringify(params)).toBe(400);
      expect(await response.json(), JSON.stringify(params)).toMatchObject({ field });
    }
  });

  test("list_papers: GET /api/papers/search, routed to search and not taken for an arXiv id", async ({ request }) => {
    const response = await hfGet(request, "/api/papers/search", { q: "reward model", limit: 5 });
    expect(response.status()).toBe(200);
    const items = hfDailyPaperList.parse(await response.json());
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    const ours = (await (await request.get("/api/search?q=reward+model&limit=5")).json()).items.map(
      (item: { id: string }) => item.id,
    );
    expect(items.map((item) => item.paper.id)).toEqual(ours);

    // No query: the newest papers, as the client's list_papers() without a query expects a list.
    expect(hfDailyPaperList.parse(await (await hfGet(request, "/api/papers/search")).json()).length).toBeGreaterThan(0);
    expect((await hfGet(request, "/api/papers/search", { limit: 0 })).status()).toBe(400);
  });

  test("read_paper: /papers/{id}.md is the page as markdown, announced by the page", async ({ page, request }) => {
    const response = await request.get("/papers/2406.12845.md");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    const markdown = await response.text();
    const paper = hfPaperInfo.parse(await (await hfGet(request, "/api/papers/2406.12845")).json());
    expect(markdown.startsWith(`# ${paper.title.replace(/\s+/g, " ").trim()}\n`)).toBe(true);
    expect(markdown).toContain(`**Authors:** ${paper.authors[0]!.name}`);
    expect(markdown).toContain("[PDF](https://arxiv.org/pdf/2406.12845)");
    expect(markdown).toContain("## Abstract");
    expect(markdown).toContain(paper.summary.slice(0, 80));
    expect(markdown).toContain("## Discussion");
    expect((await request.get("/papers/2406.99999.md")).status()).toBe(404);

    await page.goto("/papers/2406.12845");
    const alternate = page.locator('link[rel="alternate"][type="text/markdown"]');
    await expect(alternate).toHaveAttribute("href", /\/papers\/2406\.12845\.md$/);
  });

  test("GitHub stars: in the API, on cards and on the paper page", async ({ page, request }) => {
    // The demo seed carries 15 days of star samples for state-spaces/mamba: 16,420 now, 44 a day.
    const mamba = hfPaperInfo.parse(await (await hfGet(request, "/api/papers/2312.00752")).json());
    expect(mamba.githubRepo).toBe("https://github.com/state-spaces/mamba");
    expect(mamba.githubStars).toBe(16_420);
    expect((await (await request.get("/api/papers/2312.00752")).json()).githubStarsThisWeek).toBe(7 * 44);

    await page.goto("/search?q=mamba");
    const card = page.locator('[data-testid="paper-card"][data-arxiv-id="2312.00752"]');
    await expect(card.getByTestId("github-stars")).toContainText("16.4k");
    await expect(card.getByTestId("github-stars")).toContainText("+308 this week");

    await page.goto("/papers/2312.00752");
    await expect(page.getByTestId("github-stars")).toContainText("16.4k");
    await expect(page.getByTestId("github-stars")).toContainText("+308 this week");
  });
});
