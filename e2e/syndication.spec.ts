import { expect, test, type APIRequestContext } from "./fixtures";
import { SITEMAP_FIXED_PATHS, readAtom, readRss, parseXmlStrict } from "../testing/feed-xml";
import { e2e } from "./config";

const RSS = "application/rss+xml; charset=utf-8";
const ATOM = "application/atom+xml; charset=utf-8";

async function apiIds(request: APIRequestContext, path: string): Promise<string[]> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()).items.map((item: { id: string }) => item.id);
}

async function fetchFeed(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  const type = response.headers()["content-type"];
  const text = await response.text();
  return { type, text };
}

const paperUrls = (ids: string[]) => ids.map((id) => `${e2e.baseUrl}/papers/${id}`);

async function latestSnapshotDay(request: APIRequestContext): Promise<string> {
  const response = await request.get("/trending", { maxRedirects: 0 });
  const location = response.headers()["location"] ?? "";
  const day = /\/trending\/(\d{4}-\d{2}-\d{2})/.exec(location)?.[1];
  expect(day, "a daily snapshot exists").toBeDefined();
  return day!;
}

test.describe("RSS and Atom feeds", () => {
  test("trending and new papers, in both formats, with the feed API's items in its order", async ({ request }) => {
    const trending = paperUrls((await apiIds(request, "/api/papers?feed=trending&limit=50")).slice(0, 50));
    const rss = await fetchFeed(request, "/feeds/trending.rss");
    expect(rss.type).toBe(RSS);
    const channel = readRss(rss.text);
    expect(channel.self).toBe(`${e2e.baseUrl}/feeds/trending.rss`);
    expect(channel.items.map((item) => item.guid)).toEqual(trending);
    expect(channel.items[0]!.description).toContain("#1 trending");

    const atom = await fetchFeed(request, "/feeds/trending.atom");
    expect(atom.type).toBe(ATOM);
    expect(readAtom(atom.text).entries.map((entry) => entry.id)).toEqual(trending);

    const newest = paperUrls(await apiIds(request, "/api/papers?feed=new&limit=50"));
    expect(readRss((await fetchFeed(request, "/feeds/new.rss")).text).items.map((item) => item.link)).toEqual(newest);
    const newAtom = await fetchFeed(request, "/feeds/new.atom");
    expect(newAtom.type).toBe(ATOM);
    expect(readAtom(newAtom.text).entries.map((entry) => entry.link)).toEqual(newest);
  });

  test("a day's trending snapshot, and clear errors", async ({ request }) => {
    const day = await latestSnapshotDay(request);
    const snapshot = paperUrls((await apiIds(request, `/api/trending/${day}`)).slice(0, 50));
    const rss = await fetchFeed(request, `/feeds/trending/${day}.rss`);
    expect(rss.type).toBe(RSS);
    expect(readRss(rss.text).items.map((item) => item.guid)).toEqual(snapshot);
    const atom = await fetchFeed(request, `/feeds/trending/${day}.atom`);
    expect(atom.type).toBe(ATOM);
    const feed = readAtom(atom.text);
    expect(feed.entries.map((entry) => entry.id)).toEqual(snapshot);
    expect(feed.alternate).toBe(`${e2e.baseUrl}/trending/${day}`);

    expect((await request.get("/feeds/trending/1999-01-01.rss")).status()).toBe(404);
    expect((await request.get(`/feeds/trending/${day}.json`)).status()).toBe(404);
    expect((await request.get("/feeds/comments/2101.99999.atom")).status()).toBe(404);
    const bad = await request.get("/feeds/trending.rss?category=not%20a%20category");
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain("category");
  });

  test("a paper's comments, newest first, never the deleted or removed ones", async ({ request, sql }) => {
    const paper = "2409.13648";
    const author = `feed-author-${Date.now().toString(36)}`;
    try {
      await sql`insert into users (id, github_login, name) values (${author}, ${author}, 'Feed Author')`;
      const [{ id: paperId } = { id: 0 }] = await sql<
        { id: number }[]
      >`select id from papers where arxiv_id = ${paper}`;
      const [root] = await sql<{ id: number }[]>`insert into comments (paper_id, author_id, body, created_at)
        values (${paperId}, ${author}, 'A **first** thought & <more>', now() - interval '3 minutes') returning id`;
      await sql`insert into comments (paper_id, author_id, parent_id, depth, body, created_at, deleted_at, hidden_at) values
        (${paperId}, ${author}, ${root!.id}, 1, 'A reply', now() - interval '2 minutes', null, null),
        (${paperId}, ${author}, null, 0, 'Deleted words', now() - interval '1 minute', now(), null),
        (${paperId}, ${author}, null, 0, 'Removed words', now() - interval '1 minute', null, now())`;
      // Counted as the app counts its own inserts: the delete below uncounts them (a trigger).
      await sql`update papers set comment_count = comment_count + 2 where id = ${paperId}`;

      const atom = await fetchFeed(request, `/feeds/comments/${paper}.atom`);
      expect(atom.type).toBe(ATOM);
      const feed = readAtom(atom.text);
      const mine = feed.entries.filter((entry) => entry.authors.includes(author));
      expect(mine.map((entry) => entry.content)).toEqual(["A reply", "A first thought & <more>"]);
      expect(mine[1]!.id).toBe(`${e2e.baseUrl}/papers/${paper}#comment-${root!.id}`);
      expect(mine[1]!.link).toBe(`${e2e.baseUrl}/papers/${paper}?comment=${root!.id}#comment-${root!.id}`);
      expect(atom.text).not.toContain("Deleted words");
      expect(atom.text).not.toContain("Removed words");

      const rss = await fetchFeed(request, `/feeds/comments/${paper}.rss`);
      expect(rss.type).toBe(RSS);
      expect(readRss(rss.text).items.filter((item) => item.creators.includes(author))).toHaveLength(2);
    } finally {
      await sql`delete from comments where author_id = ${author}`;
      await sql`delete from users where id = ${author}`;
    }
  });

  test("pages announce their feeds in <head> and link them", async ({ page, request }) => {
    const alternates = async (type: string) =>
      page
        .locator(`head link[rel="alternate"][type="${type}"]`)
        .evaluateAll((links) => links.map((link) => link.getAttribute("href")));

    await page.goto("/");
    expect(await alternates("application/rss+xml")).toEqual([`${e2e.baseUrl}/feeds/trending.rss`]);
    expect(await alternates("application/atom+xml")).toEqual([`${e2e.baseUrl}/feeds/trending.atom`]);
    await expect(page.locator('head link[type="application/rss+xml"]')).toHaveAttribute("title", "Trending (RSS)");
    await expect(page.getByTestId("feed-links").getByRole("link", { name: "RSS" })).toHaveAttribute(
      "href",
      "/feeds/trending.rss",
    );

    await page.goto("/new");
    expect(await alternates("application/atom+xml")).toEqual([`${e2e.baseUrl}/feeds/new.atom`]);

    const day = await latestSnapshotDay(request);
    await page.goto(`/trending/${day}`);
    expect(await alternates("application/rss+xml")).toEqual([`${e2e.baseUrl}/feeds/trending/${day}.rss`]);

    await page.goto("/papers/2409.13648");
    expect(await alternates("application/atom+xml")).toEqual([`${e2e.baseUrl}/feeds/comments/2409.13648.atom`]);
    await page.getByTestId("feed-links").getByRole("link", { name: "Atom" }).click();
    await expect(page).toHaveURL(/\/feeds\/comments\/2409\.13648\.atom$/);
  });
});

test.describe("crawlers", () => {
  test("sitemap.xml lists the pages, the feeds and every paper, with absolute URLs", async ({ request }) => {
    const response = await request.get("/sitemap.xml");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("xml");
    const document = parseXmlStrict(await response.text());
    const urls = Array.from(
      { length: document.getElementsByTagName("loc").length },
      (_, index) => document.getElementsByTagName("loc").item(index)!.textContent,
    );
    expect(urls).not.toContain(`${e2e.baseUrl}/trending`);
    for (const path of [...SITEMAP_FIXED_PATHS, "/papers/2409.13648", "/papers/2403.19521"]) {
      expect(urls).toContain(`${e2e.baseUrl}${path}`);
    }
    const all = await apiIds(request, "/api/papers?feed=new&limit=100");
    for (const id of all) expect(urls).toContain(`${e2e.baseUrl}/papers/${id}`);
    expect(urls.some((url) => /\/trending\/\d{4}-\d{2}-\d{2}$/.test(url ?? ""))).toBe(true);
    expect(urls.every((url) => url?.startsWith(`${e2e.baseUrl}/`))).toBe(true);
  });

  test("robots.txt allows everything public and points to the sitemap", async ({ request }) => {
    const response = await request.get("/robots.txt");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/User-Agent: \*/i);
    expect(text).toContain("Allow: /");
    for (const path of ["/api/", "/settings", "/signin", "/submit", "/moderation/reports"])
      expect(text).toContain(`Disallow: ${path}\n`);
    expect(text).toContain(`Sitemap: ${e2e.baseUrl}/sitemap.xml`);
  });
});

test.describe("link previews", () => {
  test("a paper page has OpenGraph and Twitter tags, and its image is a 1200×630 PNG", async ({ page, request }) => {
    await page.goto("/papers/2403.19521");
    const meta = (key: string) => page.locator(`head meta[property="${key}"], head meta[name="${key}"]`).first();
    await expect(meta("og:type")).toHaveAttribute("content", "article");
    await expect(meta("og:url")).toHaveAttribute("content", `${e2e.baseUrl}/papers/2403.19521`);
    await expect(meta("og:site_name")).toHaveAttribute("content", "Paperboard");
    const title = await meta("og:title").getAttribute("content");
    expect(title).toBeTruthy();
    expect(title).not.toMatch(/[$\\]/);
    const description = await meta("og:description").getAttribute("content");
    // The abstract's start as plain text: TeX quotes read as quotes, cut at a word.
    expect(description).toContain("\u201cThe capital of France is,\u201d");
    expect(description!.length).toBeLessThanOrEqual(300);
    expect(description).toMatch(/\w…$/);
    await expect(meta("twitter:card")).toHaveAttribute("content", "summary_large_image");
    const image = await meta("og:image").getAttribute("content");
    expect(image).toBe(`${e2e.baseUrl}/og/paper/2403.19521`);
    await expect(meta("twitter:image")).toHaveAttribute("content", image!);

    const response = await request.get(image!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    const png = await response.body();
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The IHDR chunk holds the width and height.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect((await request.get("/og/paper/2101.99999")).status()).toBe(404);
  });

  test("the image renders without the internet whatever the title holds", async ({ request, sql }) => {
    try {
      await sql`insert into papers (arxiv_id, title, abstract) values ('2401.00077', 'Ünïcode $\\alpha$-test: 你好 🚀 ∮ title', '')
        on conflict do nothing`;
      const started = Date.now();
      const response = await request.get("/og/paper/2401.00077");
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/png");
      // A font download would be slow (or time out) in a sandbox: a local render is quick.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await sql`delete from papers where arxiv_id = '2401.00077'`;
    }
  });
});
