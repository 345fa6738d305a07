import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import { commentHref, paperHref } from "@/lib/http/urls";
import { authorsLine, formatDate, plural } from "@/lib/format";
import { escapeHtml } from "@/lib/html-escape";
import { commentPlainText } from "@/lib/discussion/markdown";
import { plainTexText } from "@/lib/discussion/tex";

/**
 * RSS 2.0 and Atom (RFC 4287) documents for Paperboard's feeds. Pure: the server-only
 * lib/syndication/feed-documents.ts loads the data, this module turns it into XML. Everything that
 * reaches the XML goes through one escaper, links are absolute (feed readers resolve
 * nothing), and an entry's id is its permalink on this site, so it stays the same however
 * often the feed is fetched or the entry reordered.
 *
 * Feed URLs:
 *   /feeds/trending.rss|.atom            the live trending feed
 *   /feeds/new.rss|.atom                 papers most recently added
 *   /feeds/trending/{YYYY-MM-DD}.rss|.atom   one day's trending snapshot
 *   /feeds/comments/{arxivId}.rss|.atom  one paper's discussion (old-style ids keep their slash)
 * The first three take `?category=cs.LG` like the pages.
 */

export const SYNDICATION_FORMATS = ["rss", "atom"] as const;
export type SyndicationFormat = (typeof SYNDICATION_FORMATS)[number];

/** For the Content-Type header. */
export const CONTENT_TYPES: Record<SyndicationFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
};
/** For <link type=...> and alternates: the media type alone. */
export const MEDIA_TYPES: Record<SyndicationFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
};
export const FORMAT_LABELS: Record<SyndicationFormat, string> = { rss: "RSS", atom: "Atom" };

/** How many entries a feed document carries. */
export const FEED_ENTRIES = 50;

export type FeedSource =
  | { kind: "trending"; category?: string }
  | { kind: "new"; category?: string }
  | { kind: "snapshot"; date: string; category?: string }
  | { kind: "comments"; arxivId: string };

/** The site-relative URL of a feed document. */
export function feedPath(source: FeedSource, format: SyndicationFormat): string {
  const base =
    source.kind === "trending"
      ? "/feeds/trending"
      : source.kind === "new"
        ? "/feeds/new"
        : source.kind === "snapshot"
          ? `/feeds/trending/${source.date}`
          : `/feeds/comments/${source.arxivId}`;
  const category = source.kind === "comments" ? undefined : source.category;
  return `${base}.${format}${category ? `?category=${encodeURIComponent(category)}` : ""}`;
}

/** `2024-05-01.atom` → the day and the format; anything else is null (a 404). */
export function parseSnapshotFeedName(name: string): { date: string; format: SyndicationFormat } | null {
  const match = /^(\d{4}-\d{2}-\d{2})\.(rss|atom)$/.exec(name);
  return match ? { date: match[1]!, format: match[2] as SyndicationFormat } : null;
}

/**
 * The catch-all segments of /feeds/comments/…: the id is everything before the last
 * extension, since new-style ids contain a dot (2401.00001.atom) and old-style ones a slash
 * (hep-th/9901001.rss).
 */
export function parseCommentsFeedPath(segments: string[]): { arxivId: string; format: SyndicationFormat } | null {
  const match = /^(.+)\.(rss|atom)$/.exec(arxivIdFromSegments(segments));
  return match ? { arxivId: match[1]!, format: match[2] as SyndicationFormat } : null;
}

// ---------------------------------------------------------------------------------------
// The document model.

export interface SyndicationEntry {
  /** Absolute permalink: the RSS guid, the Atom id and, unless `url` is given, the entry's link. */
  id: string;
  /** The entry's link when it differs from the id (a comment: the page of the discussion that holds it). */
  url?: string;
  /** Plain text. */
  title: string;
  published: Date;
  updated: Date;
  authors: string[];
  categories: string[];
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** "content" when `text` is the whole entry (a comment), "summary" when it stands for more. */
  textRole: "summary" | "content";
}

export interface SyndicationFeed {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed follows. */
  link: string;
  /** Absolute URLs of this feed in each format: the self links, and the Atom id. */
  self: Record<SyndicationFormat, string>;
  updated: Date;
  entries: SyndicationEntry[];
}

// ---------------------------------------------------------------------------------------
// XML.

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except lone
// surrogates, U+FFFE and U+FFFF; one such character makes a strict reader reject the whole
// feed, so they are dropped. (With the u flag a lone surrogate is one code point here.)
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(value: string): string {
  return value.replace(NOT_XML, "").replace(/[&<>"'\r\u0085\u2028]/g, (character) => {
    switch (character) {
      // A literal carriage return would be read back as a newline; so would NEL and LINE
      // SEPARATOR by parsers that treat them as line ends (XML 1.1, @xmldom): references
      // keep them for every parser.
      case "\r":
      case "\u0085":
      case "\u2028":
        return `&#${character.charCodeAt(0)};`;
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return "&apos;";
    }
  });
}

/** RFC 822 (with a four-digit year, as RFC 1123 and every reader expect): RSS dates. */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

/** RFC 3339 in UTC without milliseconds: Atom dates. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function absolute(url: string): string {
  // A relative link in a feed resolves against the reader, not the site: a bug to catch early.
  if (!/^https?:\/\/[^/]/.test(url)) throw new Error(`feed links must be absolute: ${url}`);
  return url;
}

/** RSS descriptions are HTML by convention, so plain text is HTML-escaped before XML-escaping. */
function textAsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

function element(name: string, text: string, attributes = ""): string {
  return `<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

export function renderRss(feed: SyndicationFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<channel>",
    element("title", feed.title),
    element("link", absolute(feed.link)),
    element("description", feed.description),
    element("language", "en"),
    element("lastBuildDate", rfc822(feed.updated)),
    element("generator", "Paperboard"),
    `<atom:link href="${escapeXml(absolute(feed.self.rss))}" rel="self" type="${MEDIA_TYPES.rss}"/>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      "<item>",
      element("title", entry.title),
      element("link", absolute(entry.url ?? entry.id)),
      entry.url ? element("guid", entry.id, ' isPermaLink="false"') : element("guid", entry.id, ' isPermaLink="true"'),
      element("pubDate", rfc822(entry.published)),
      // RSS's own <author> must be an e-mail address; Dublin Core's creator takes a name.
      ...entry.authors.map((author) => element("dc:creator", author)),
      ...entry.categories.map((category) => element("category", category)),
      element("description", textAsHtml(entry.text)),
      "</item>",
    );
  }
  lines.push("</channel>", "</rss>");
  return lines.join("\n") + "\n";
}

export function renderAtom(feed: SyndicationFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    element("id", absolute(feed.self.atom)),
    element("title", feed.title, ' type="text"'),
    element("subtitle", feed.description, ' type="text"'),
    `<link rel="self" type="${MEDIA_TYPES.atom}" href="${escapeXml(absolute(feed.self.atom))}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(absolute(feed.link))}"/>`,
    element("updated", rfc3339(feed.updated)),
    // Atom requires an author on every entry; entries without one inherit the feed's.
    "<author><name>Paperboard</name></author>",
    element("generator", "Paperboard"),
  ];
  for (const entry of feed.entries) {
    lines.push(
      "<entry>",
      element("id", absolute(entry.id)),
      element("title", entry.title, ' type="text"'),
      `<link rel="alternate" type="text/html" href="${escapeXml(entry.url ?? entry.id)}"/>`,
      element("published", rfc3339(entry.published)),
      element("updated", rfc3339(entry.updated)),
      ...entry.authors.map((author) => `<author>${element("name", author)}</author>`),
      ...entry.categories.map((category) => `<category term="${escapeXml(category)}"/>`),
      element(entry.textRole, entry.text, ' type="text"'),
      "</entry>",
    );
  }
  lines.push("</feed>");
  return lines.join("\n") + "\n";
}

export function renderFeed(feed: SyndicationFeed, format: SyndicationFormat): string {
  return format === "rss" ? renderRss(feed) : renderAtom(feed);
}

// ---------------------------------------------------------------------------------------
// Entries from papers and comments.

/** One line of plain text: titles in feeds are single lines. */
function oneLine(text: string): string {
  return text.replace(NOT_XML, "").replace(/\s+/g, " ").trim();
}

export interface FeedPaper {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  publishedOn: string | null;
  addedAt: Date;
  upvotes: number;
  commentCount: number;
}

/** A paper as an entry; `context` is the line that says why it is in this feed. */
export function paperEntry(siteUrl: string, paper: FeedPaper, context?: string): SyndicationEntry {
  const published = formatDate(paper.publishedOn);
  const facts = [
    `arXiv:${paper.arxivId}`,
    ...(published ? [`published ${published}`] : []),
    plural(paper.upvotes, "upvote"),
    plural(paper.commentCount, "comment"),
  ].join(" · ");
  return {
    id: siteUrl + paperHref(paper.arxivId),
    title: oneLine(plainTexText(paper.title)),
    published: paper.addedAt,
    updated: paper.addedAt,
    authors: paper.authors,
    categories: paper.categories,
    text: [context, authorsLine(paper.authors), oneLine(plainTexText(paper.abstract)), facts]
      .filter((part): part is string => Boolean(part))
      .join("\n\n"),
    textRole: "summary",
  };
}

export interface FeedComment {
  id: number;
  parentId: number | null;
  body: string;
  author: string;
  createdAt: Date;
  editedAt: Date | null;
}

const TITLE_QUOTE_LENGTH = 80;

/** A visible comment as an entry; callers leave deleted and removed comments out. */
export function commentEntry(
  siteUrl: string,
  paper: { arxivId: string; title: string },
  comment: FeedComment,
): SyndicationEntry {
  let title = oneLine(plainTexText(paper.title));
  if (title.length > TITLE_QUOTE_LENGTH) title = `${title.slice(0, TITLE_QUOTE_LENGTH - 1).trimEnd()}…`;
  return {
    // The id stays what it always was (readers key entries on it); the link opens the right page.
    id: `${siteUrl}${paperHref(paper.arxivId)}#comment-${comment.id}`,
    url: new URL(commentHref(paper.arxivId, comment.id), siteUrl).toString(),
    title: `${comment.parentId === null ? "Comment" : "Reply"} by ${comment.author} on \u201c${title}\u201d`,
    published: comment.createdAt,
    updated: comment.editedAt ?? comment.createdAt,
    authors: [comment.author],
    categories: [],
    text: commentPlainText(comment.body),
    textRole: "content",
  };
}
