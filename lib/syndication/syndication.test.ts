import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RFC_3339, RFC_822, parseXmlStrict, readAtom, readRss } from "@/testing/feed-xml";
import {
  commentEntry,
  escapeXml,
  feedPath,
  paperEntry,
  parseCommentsFeedPath,
  parseSnapshotFeedName,
  renderAtom,
  renderFeed,
  renderRss,
  rfc3339,
  rfc822,
  type FeedPaper,
  type SyndicationFeed,
} from "./syndication";

const SITE = "https://papers.example.org";

const paper = (overrides: Partial<FeedPaper> = {}): FeedPaper => ({
  arxivId: "2401.00001",
  title: "Sorting in $O(n \\log n)$ time with ``care''",
  abstract: "We sort <fast> & well.\nThe end.",
  authors: ["Ada Lovelace", "Alan Turing"],
  categories: ["cs.DS", "cs.LG"],
  publishedOn: "2024-01-02",
  addedAt: new Date("2024-01-03T10:20:30.456Z"),
  upvotes: 3,
  commentCount: 1,
  ...overrides,
});

function sampleFeed(): SyndicationFeed {
  return {
    title: 'Trending <now> & "then"',
    description: "Papers ranked by 'velocity'",
    link: `${SITE}/`,
    self: { rss: `${SITE}/feeds/trending.rss`, atom: `${SITE}/feeds/trending.atom` },
    updated: new Date("2024-02-01T00:00:00Z"),
    entries: [
      paperEntry(SITE, paper(), "#1 trending"),
      paperEntry(
        SITE,
        paper({
          arxivId: "hep-th/9901001",
          title: "Old \u0000style\u0008 <b>strings</b> \ud800",
          authors: [],
          categories: [],
        }),
      ),
      commentEntry(
        SITE,
        { arxivId: "2401.00001", title: "A $\\beta$ title" },
        {
          id: 7,
          parentId: 3,
          body: "**Bold** claim with [a link](https://example.com) and `code` & <script>alert(1)</script>",
          author: "ada",
          createdAt: new Date("2024-01-04T00:00:00Z"),
          editedAt: new Date("2024-01-05T00:00:00Z"),
        },
      ),
    ],
  };
}

describe("feed URLs", () => {
  it("names each feed, with the category as a query parameter", () => {
    expect(feedPath({ kind: "trending" }, "rss")).toBe("/feeds/trending.rss");
    expect(feedPath({ kind: "new", category: "cs.LG" }, "atom")).toBe("/feeds/new.atom?category=cs.LG");
    expect(feedPath({ kind: "snapshot", date: "2024-05-01" }, "atom")).toBe("/feeds/trending/2024-05-01.atom");
    expect(feedPath({ kind: "comments", arxivId: "hep-th/9901001" }, "rss")).toBe("/feeds/comments/hep-th/9901001.rss");
  });

  it("parses the dynamic segments back", () => {
    expect(parseSnapshotFeedName("2024-05-01.atom")).toEqual({ date: "2024-05-01", format: "atom" });
    expect(parseSnapshotFeedName("2024-05-01.json")).toBeNull();
    expect(parseSnapshotFeedName("2024-05-01")).toBeNull();
    expect(parseCommentsFeedPath(["2401.00001.atom"])).toEqual({ arxivId: "2401.00001", format: "atom" });
    expect(parseCommentsFeedPath(["hep-th", "9901001.rss"])).toEqual({ arxivId: "hep-th/9901001", format: "rss" });
    expect(parseCommentsFeedPath(["2401.00001"])).toBeNull();
    expect(parseCommentsFeedPath(["%E0%A4%A.rss"])).toBeNull();
  });
});

describe("RSS 2.0", () => {
  const rss = readRss(renderRss(sampleFeed()));

  it("is a well-formed channel with a self link", () => {
    expect(rss.title).toBe('Trending <now> & "then"');
    expect(rss.link).toBe(`${SITE}/`);
    expect(rss.self).toBe(`${SITE}/feeds/trending.rss`);
    expect(rss.lastBuildDate).toBe("Thu, 01 Feb 2024 00:00:00 GMT");
  });

  it("keeps the entries in order, with stable permalink guids and RFC 822 dates", () => {
    expect(rss.items.map((item) => item.guid)).toEqual([
      `${SITE}/papers/2401.00001`,
      `${SITE}/papers/hep-th/9901001`,
      `${SITE}/papers/2401.00001#comment-7`,
    ]);
    for (const item of rss.items.slice(0, 2)) {
      expect(item.guidIsPermaLink).toBe("true");
      expect(item.link).toBe(item.guid);
    }
    // A comment's link opens the page of the discussion that holds it; its guid never changes.
    expect(rss.items[2]!.link).toBe(`${SITE}/papers/2401.00001?comment=7#comment-7`);
    expect(rss.items[2]!.guidIsPermaLink).toBe("false");
    for (const item of rss.items) expect(item.pubDate).toMatch(RFC_822);
    expect(new Date(rss.items[0]!.pubDate!).toISOString()).toBe("2024-01-03T10:20:30.000Z");
  });

  it("reads titles as plain text and descriptions as escaped HTML", () => {
    const [first, second, comment] = rss.items;
    expect(first!.title).toBe("Sorting in O(n \\log n) time with \u201ccare\u201d");
    expect(first!.creators).toEqual(["Ada Lovelace", "Alan Turing"]);
    expect(first!.categories).toEqual(["cs.DS", "cs.LG"]);
    // The description is HTML whose text is the abstract: markup in it stays text.
    expect(first!.description).toContain("<p>#1 trending</p>");
    expect(first!.description).toContain("We sort &lt;fast&gt; &amp; well. The end.");
    expect(first!.description).not.toContain("<fast>");
    // Characters XML cannot carry are dropped; markup in a title is text.
    expect(second!.title).toBe("Old style <b>strings</b>");
    expect(comment!.title).toBe("Reply by ada on \u201cA \\beta title\u201d");
    expect(comment!.description).toContain("Bold claim with a link and code &amp; ");
    expect(comment!.description).not.toContain("<script>");
  });
});

describe("Atom", () => {
  const atom = readAtom(renderAtom(sampleFeed()));

  it("is a well-formed feed with an id, self and alternate links and an author", () => {
    expect(atom.id).toBe(`${SITE}/feeds/trending.atom`);
    expect(atom.self).toBe(`${SITE}/feeds/trending.atom`);
    expect(atom.alternate).toBe(`${SITE}/`);
    expect(atom.updated).toBe("2024-02-01T00:00:00Z");
    expect(atom.authors).toEqual(["Paperboard"]);
  });

  it("keeps the entries in order with RFC 3339 dates, summaries for papers and content for comments", () => {
    expect(atom.entries.map((entry) => entry.id)).toEqual([
      `${SITE}/papers/2401.00001`,
      `${SITE}/papers/hep-th/9901001`,
      `${SITE}/papers/2401.00001#comment-7`,
    ]);
    expect(atom.entries.map((entry) => entry.link)).toEqual([
      `${SITE}/papers/2401.00001`,
      `${SITE}/papers/hep-th/9901001`,
      `${SITE}/papers/2401.00001?comment=7#comment-7`,
    ]);
    for (const entry of atom.entries) {
      expect(entry.published).toMatch(RFC_3339);
      expect(entry.updated).toMatch(RFC_3339);
    }
    const [first, , comment] = atom.entries;
    expect(first!.summary).toContain("We sort <fast> & well. The end.");
    expect(first!.content).toBeNull();
    expect(first!.categories).toEqual(["cs.DS", "cs.LG"]);
    expect(comment!.content).toBe("Bold claim with a link and code & <script>alert(1)</script>");
    expect(comment!.authors).toEqual(["ada"]);
    expect(comment!.published).toBe("2024-01-04T00:00:00Z");
    expect(comment!.updated).toBe("2024-01-05T00:00:00Z");
  });

  it("renders an empty feed", () => {
    const empty = readAtom(renderFeed({ ...sampleFeed(), entries: [] }, "atom"));
    expect(empty.entries).toEqual([]);
    expect(readRss(renderFeed({ ...sampleFeed(), entries: [] }, "rss")).items).toEqual([]);
  });
});

describe("escaping and dates", () => {
  it("refuses relative links, which a reader would resolve against itself", () => {
    expect(() => renderRss({ ...sampleFeed(), link: "/" })).toThrow(/absolute/);
    expect(() => renderAtom({ ...sampleFeed(), self: { rss: "/a", atom: "/b" } })).toThrow(/absolute/);
  });

  it("formats dates for each format", () => {
    const date = new Date("2024-03-09T08:07:06.543Z");
    expect(rfc822(date)).toBe("Sat, 09 Mar 2024 08:07:06 GMT");
    expect(rfc3339(date)).toBe("2024-03-09T08:07:06Z");
  });

  it("round-trips any string through an element and an attribute, minus what XML cannot hold", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        const document = parseXmlStrict(`<a b="${escapeXml(value)}">${escapeXml(value)}</a>`);
        const expected = value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
        expect(document.documentElement!.textContent).toBe(expected);
        // XML parsers normalise literal tabs and newlines in attribute values to spaces.
        expect(document.documentElement!.getAttribute("b")).toBe(expected.replace(/[\t\n]/g, " "));
      }),
    );
    // Characters some parsers read as line ends, found by the property above.
    for (const value of ["a\u0085b", "a\u2028b"]) {
      const document = parseXmlStrict(`<a b="${escapeXml(value)}">${escapeXml(value)}</a>`);
      expect(document.documentElement!.textContent).toBe(value);
      expect(document.documentElement!.getAttribute("b")).toBe(value);
    }
  });
});
