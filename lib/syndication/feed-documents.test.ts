import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { HOUR_MS as HOUR, pastTheHour, voterRows } from "@/testing/voters";
import { comments, paperAuthors, papers, users, votes } from "@/db/schema";
import { rebuildVoteBuckets } from "@/db/maintenance";
import { RFC_3339, RFC_822, SITEMAP_FIXED_PATHS, readAtom, readRss } from "@/testing/feed-xml";
import { resetEnvCache } from "../env";
import { feedAlternates, loadFeedDocument, serveFeed } from "./feed-documents";
import { invalidateCategories } from "../browse/feeds";
import { formatDay } from "../ranking/periods";
import { listPaperPageDates } from "../papers/papers";
import { sitemapEntries } from "./sitemap";
import { renderFeed } from "./syndication";
import { invalidateLiveTrending, writeTrendingSnapshot } from "../ranking/trending";

const database = withTestDatabase();
const SITE = "https://papers.example.org";
const now = pastTheHour();
const today = formatDay(now);
const previousSiteUrl = process.env.SITE_URL;

const request = (path: string) => new Request(`http://localhost${path}`);

describe("feed documents from the database", () => {
  beforeAll(async () => {
    process.env.SITE_URL = SITE;
    resetEnvCache();
    const db = database.db();
    await db.insert(users).values(voterRows(8, now, "user"));
    const [a, b] = await db
      .insert(papers)
      .values([
        {
          arxivId: "2401.00001",
          title: "Fast $O(n)$ sorting & <friends>",
          abstract: "We sort.",
          categories: ["cs.DS"],
          addedAt: new Date(now.getTime() - 3 * HOUR),
        },
        {
          arxivId: "hep-th/9901001",
          title: "Strings, ``old'' style",
          abstract: "Old.",
          categories: ["hep-th"],
          publishedOn: "1999-01-04",
          addedAt: new Date(now.getTime() - 2 * HOUR),
        },
        {
          arxivId: "2401.00003",
          title: "Newest",
          abstract: "",
          categories: ["cs.DS", "cs.LG"],
          addedAt: new Date(now.getTime() - HOUR),
        },
      ])
      .returning({ id: papers.id });
    await db.insert(paperAuthors).values([
      { paperId: a!.id, position: 0, name: "Ada Lovelace" },
      { paperId: a!.id, position: 1, name: "Alan Turing" },
      { paperId: b!.id, position: 0, name: "Edward Witten" },
    ]);
    // Trending: the old-style paper well ahead of the first one; the newest has no votes.
    const at = new Date(now.getTime() - 40 * 60 * 1000);
    await db
      .insert(votes)
      .values([
        ...Array.from({ length: 8 }, (_, i) => ({ userId: `u${i}`, paperId: b!.id, createdAt: at })),
        ...Array.from({ length: 4 }, (_, i) => ({ userId: `u${i}`, paperId: a!.id, createdAt: at })),
      ]);
    await db.execute(sql`update papers p set upvotes = (select count(*) from votes v where v.paper_id = p.id)`);
    await rebuildVoteBuckets(db);
    await writeTrendingSnapshot(today);
    invalidateLiveTrending();
    invalidateCategories();

    const minutes = (n: number) => new Date(now.getTime() - 60 * 60 * 1000 + n * 60 * 1000);
    const [root] = await db
      .insert(comments)
      .values({
        paperId: a!.id,
        authorId: "u1",
        body: "First **bold** point, see [this](https://example.com).",
        createdAt: minutes(1),
      })
      .returning({ id: comments.id });
    await db.insert(comments).values([
      {
        paperId: a!.id,
        authorId: "u2",
        parentId: root!.id,
        depth: 1,
        body: "A reply with $x^2$.",
        createdAt: minutes(2),
        editedAt: minutes(5),
      },
      { paperId: a!.id, authorId: "u3", body: "Deleted secret", createdAt: minutes(3), deletedAt: minutes(4) },
      { paperId: a!.id, authorId: "u4", body: "Removed spam", createdAt: minutes(4), hiddenAt: minutes(6) },
      { paperId: b!.id, authorId: "u1", body: "On another paper", createdAt: minutes(5) },
    ]);
  });

  afterAll(() => {
    if (previousSiteUrl === undefined) delete process.env.SITE_URL;
    else process.env.SITE_URL = previousSiteUrl;
    resetEnvCache();
  });

  it("serves the live trending feed in rank order, with absolute links from SITE_URL", async () => {
    const rss = readRss(renderFeed((await loadFeedDocument({ kind: "trending" }, now))!, "rss"));
    expect(rss.self).toBe(`${SITE}/feeds/trending.rss`);
    expect(rss.link).toBe(`${SITE}/`);
    expect(rss.items.map((item) => item.guid)).toEqual([`${SITE}/papers/hep-th/9901001`, `${SITE}/papers/2401.00001`]);
    expect(rss.items[0]!.title).toBe("Strings, \u201cold\u201d style");
    expect(rss.items[0]!.description).toContain("#1 trending · +8 votes in 24 h");
    expect(rss.items[1]!.title).toBe("Fast O(n) sorting & <friends>");
    expect(rss.items[1]!.creators).toEqual(["Ada Lovelace", "Alan Turing"]);
    for (const item of rss.items) expect(item.pubDate).toMatch(RFC_822);

    const narrowed = readAtom(
      renderFeed((await loadFeedDocument({ kind: "trending", category: "cs.DS" }, now))!, "atom"),
    );
    expect(narrowed.entries.map((entry) => entry.id)).toEqual([`${SITE}/papers/2401.00001`]);
    expect(narrowed.entries[0]!.summary).toContain("#1 trending");
    expect(narrowed.self).toBe(`${SITE}/feeds/trending.atom?category=cs.DS`);
    expect(narrowed.alternate).toBe(`${SITE}/?category=cs.DS`);
  });

  it("serves new papers newest first, and a day's snapshot", async () => {
    const atom = readAtom(renderFeed((await loadFeedDocument({ kind: "new" }, now))!, "atom"));
    expect(atom.entries.map((entry) => entry.id)).toEqual(
      ["2401.00003", "hep-th/9901001", "2401.00001"].map((id) => `${SITE}/papers/${id}`),
    );
    expect(atom.updated).toMatch(RFC_3339);
    expect(new Date(atom.updated!).getTime()).toBe(Math.floor((now.getTime() - HOUR) / 1000) * 1000);
    expect(atom.entries[0]!.categories).toEqual(["cs.DS", "cs.LG"]);

    const snapshot = readRss(renderFeed((await loadFeedDocument({ kind: "snapshot", date: today }, now))!, "rss"));
    expect(snapshot.items.map((item) => item.link)).toEqual([
      `${SITE}/papers/hep-th/9901001`,
      `${SITE}/papers/2401.00001`,
    ]);
    expect(snapshot.link).toBe(`${SITE}/trending/${today}`);
    expect(await loadFeedDocument({ kind: "snapshot", date: "2001-01-01" }, now)).toBeNull();
  });

  it("serves a paper's comments newest first, without deleted or removed ones", async () => {
    const document = (await loadFeedDocument({ kind: "comments", arxivId: "2401.00001v2" }, now))!;
    const atom = readAtom(renderFeed(document, "atom"));
    expect(atom.self).toBe(`${SITE}/feeds/comments/2401.00001.atom`);
    expect(atom.alternate).toBe(`${SITE}/papers/2401.00001#discussion`);
    expect(atom.entries.map((entry) => entry.title)).toEqual([
      "Reply by user2 on \u201cFast O(n) sorting & <friends>\u201d",
      "Comment by user1 on \u201cFast O(n) sorting & <friends>\u201d",
    ]);
    expect(atom.entries[0]!.content).toBe("A reply with x^2.");
    expect(atom.entries[1]!.content).toBe("First bold point, see this.");
    expect(atom.entries[0]!.id).toMatch(new RegExp(`^${SITE}/papers/2401\\.00001#comment-\\d+$`));
    expect(atom.entries[0]!.updated).not.toBe(atom.entries[0]!.published);
    expect(atom.updated).toBe(atom.entries[0]!.updated);
    const xml = renderFeed(document, "rss");
    expect(xml).not.toContain("Deleted secret");
    expect(xml).not.toContain("Removed spam");
    expect(xml).not.toContain("On another paper");
    expect(await loadFeedDocument({ kind: "comments", arxivId: "2101.99999" }, now)).toBeNull();

    const empty = readRss(
      renderFeed((await loadFeedDocument({ kind: "comments", arxivId: "2401.00003" }, now))!, "rss"),
    );
    expect(empty.items).toEqual([]);
  });

  it("answers with the right content types, 400 for a malformed category and 404 for what does not exist", async () => {
    const rss = await serveFeed(request("/feeds/trending.rss"), "rss", { kind: "trending" });
    expect(rss.status).toBe(200);
    expect(rss.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const atom = await serveFeed(request("/feeds/new.atom?category=cs.LG"), "atom", { kind: "new" });
    expect(atom.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(readAtom(await atom.text()).entries.map((entry) => entry.id)).toEqual([`${SITE}/papers/2401.00003`]);

    const bad = await serveFeed(request("/feeds/new.atom?category=cs%20lg"), "atom", { kind: "new" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^category: /);
    expect(
      (await serveFeed(request("/feeds/comments/2101.99999.rss"), "rss", { kind: "comments", arxivId: "2101.99999" }))
        .status,
    ).toBe(404);
    expect((await serveFeed(request("/feeds/trending/x.rss"), "rss", null)).status).toBe(404);
  });

  it("announces both formats of a page's feed", () => {
    expect(feedAlternates({ kind: "snapshot", date: today }, "Trending")).toEqual({
      "application/rss+xml": [{ url: `${SITE}/feeds/trending/${today}.rss`, title: "Trending (RSS)" }],
      "application/atom+xml": [{ url: `${SITE}/feeds/trending/${today}.atom`, title: "Trending (Atom)" }],
    });
  });

  it("lists every page, feed, trending day and paper in the sitemap, with absolute URLs", async () => {
    const entries = await sitemapEntries();
    const urls = entries.map((entry) => entry.url);
    for (const path of [...SITEMAP_FIXED_PATHS, `/trending/${today}`, "/papers/hep-th/9901001", "/papers/2401.00003"]) {
      expect(urls).toContain(`${SITE}${path}`);
    }
    expect(urls.every((url) => url.startsWith(`${SITE}/`))).toBe(true);
    expect(new Set(urls).size).toBe(urls.length);
    const dates = await listPaperPageDates(10);
    expect(dates.map((row) => row.arxivId)).toEqual(["2401.00003", "hep-th/9901001", "2401.00001"]);
    // The first paper's page last changed with its newest comment (deleted ones included).
    expect(dates[2]!.lastModified.getTime()).toBeGreaterThan(now.getTime() - 3 * HOUR);
    expect(dates[0]!.lastModified.getTime()).toBe(now.getTime() - HOUR);
  });
});
