import { DOMParser, type Document, type Element } from "@xmldom/xmldom";

/**
 * Reads RSS and Atom documents back for tests (Vitest and Playwright): a strict parse, in
 * which any error or fatal error fails, and the few fields the tests compare.
 */

export const ATOM_NS = "http://www.w3.org/2005/Atom";

/** The pages and feeds every sitemap lists, whatever the data (beside its trending days and papers). */
export const SITEMAP_FIXED_PATHS: readonly string[] = ["/", "/new", "/about", "/feeds/trending.rss", "/feeds/new.atom"];
const DC_NS = "http://purl.org/dc/elements/1.1/";
// XML 1.0's Char production: anything else makes a strict reader reject the document.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function parseXmlStrict(xml: string): Document {
  if (NOT_XML.test(xml)) throw new Error("the document contains a character XML 1.0 forbids");
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(`${level}: ${message}`);
    },
  });
  return parser.parseFromString(xml, "text/xml");
}

function children(parent: Element, name: string, namespace: string | null = null): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.localName === name && element.namespaceURI === namespace) found.push(element);
    }
  }
  return found;
}

function text(parent: Element, name: string, namespace: string | null = null): string | null {
  return children(parent, name, namespace)[0]?.textContent ?? null;
}

export interface RssItem {
  title: string | null;
  link: string | null;
  guid: string | null;
  guidIsPermaLink: string | null;
  pubDate: string | null;
  creators: string[];
  categories: string[];
  description: string | null;
}

export function readRss(xml: string) {
  const document = parseXmlStrict(xml);
  const rss = document.documentElement!;
  if (rss.localName !== "rss" || rss.getAttribute("version") !== "2.0") throw new Error("not an RSS 2.0 document");
  const channel = children(rss, "channel")[0];
  if (!channel) throw new Error("RSS without a channel");
  const self = children(channel, "link", ATOM_NS).find((link) => link.getAttribute("rel") === "self");
  return {
    title: text(channel, "title"),
    link: text(channel, "link"),
    description: text(channel, "description"),
    lastBuildDate: text(channel, "lastBuildDate"),
    self: self?.getAttribute("href") ?? null,
    items: children(channel, "item").map((item): RssItem => ({
      title: text(item, "title"),
      link: text(item, "link"),
      guid: text(item, "guid"),
      guidIsPermaLink: children(item, "guid")[0]?.getAttribute("isPermaLink") ?? null,
      pubDate: text(item, "pubDate"),
      creators: children(item, "creator", DC_NS).map((creator) => creator.textContent ?? ""),
      categories: children(item, "category").map((category) => category.textContent ?? ""),
      description: text(item, "description"),
    })),
  };
}

export interface AtomEntry {
  id: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  authors: string[];
  categories: string[];
  summary: string | null;
  content: string | null;
}

export function readAtom(xml: string) {
  const document = parseXmlStrict(xml);
  const feed = document.documentElement!;
  if (feed.localName !== "feed" || feed.namespaceURI !== ATOM_NS) throw new Error("not an Atom document");
  const link = (parent: Element, rel: string) =>
    children(parent, "link", ATOM_NS)
      .find((element) => (element.getAttribute("rel") ?? "alternate") === rel)
      ?.getAttribute("href") ?? null;
  return {
    id: text(feed, "id", ATOM_NS),
    title: text(feed, "title", ATOM_NS),
    updated: text(feed, "updated", ATOM_NS),
    self: link(feed, "self"),
    alternate: link(feed, "alternate"),
    authors: children(feed, "author", ATOM_NS).map((author) => text(author, "name", ATOM_NS) ?? ""),
    entries: children(feed, "entry", ATOM_NS).map((entry): AtomEntry => ({
      id: text(entry, "id", ATOM_NS),
      title: text(entry, "title", ATOM_NS),
      link: link(entry, "alternate"),
      published: text(entry, "published", ATOM_NS),
      updated: text(entry, "updated", ATOM_NS),
      authors: children(entry, "author", ATOM_NS).map((author) => text(author, "name", ATOM_NS) ?? ""),
      categories: children(entry, "category", ATOM_NS).map((category) => category.getAttribute("term") ?? ""),
      summary: text(entry, "summary", ATOM_NS),
      content: text(entry, "content", ATOM_NS),
    })),
  };
}

/** RFC 822 as RSS uses it, with the day name and a four-digit year. */
export const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** RFC 3339 in UTC, as Atom requires. */
export const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
