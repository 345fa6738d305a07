import { arxivIdFromSegments, parseArxivId } from "@/lib/papers/arxiv-id";
import { authorTag, paperTag, type CacheTag } from "@/lib/cache/cache-tags";
import { SESSION_COOKIES } from "@/lib/identity/session-cookies";
import { FLASH_COOKIE } from "@/lib/http/flash-cookie";
import { SUBSCRIBE_PROMPT_DISMISSED_COOKIE, SUBSCRIBE_PROMPT_DISMISSED_VALUE } from "@/lib/mail/subscribe-prompt";

/**
 * Which page requests the page cache (lib/cache/shared-pages.ts) may answer, and what a
 * stored copy of each depends on. Pure: no I/O, so that the rules are tested one by one.
 *
 * A page is shared when nothing in it belongs to the reader: a browser's GET of a feed or a
 * paper page (Accept: text/html) by a signed-out reader, with no one-time message waiting
 * (the flash cookie). Anything that could be personal or is not a whole document goes to
 * Next as before: any method but GET, a session cookie (valid or not: the page decides),
 * React's navigation and prefetch requests, server actions.
 *
 * React's navigation requests are told apart by what they accept: Next hides their `RSC`
 * and `Next-Router-*` headers and the `_rsc` query from proxy.ts, but they are fetch() calls
 * that accept anything (Accept: any type, `Sec-Fetch-Mode: cors`), where a browser navigating asks
 * for text/html (`Sec-Fetch-Mode: navigate`). Those headers are checked too, in case a
 * later Next shows them.
 */

/** Every list of papers depends on these (lib/cache/cache-tags.ts). */
const FEED_TAGS: readonly CacheTag[] = ["feeds", "trending", "catalog", "snapshots"];

/** The feed pages: home (trending), the daily, weekly and monthly tops and their dates, new, snapshots, author pages. */
const FEED_PATH =
  /^\/(?:|new|daily(?:\/[^/]+)?|weekly(?:\/[^/]+)?|monthly(?:\/[^/]+)?|trending(?:\/[^/]+)?|authors\/[^/]+)$/;
const PAPER_PATH = /^\/papers\/(.+)$/;
const AUTHOR_PATH = /^\/authors\/([^/]+)$/;

function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Longer URLs are not stored: no reader's link is this long, and each would take a slot. */
const MAX_URL_LENGTH = 300;

/** Request headers that make a request something other than a reader asking for a whole page. */
const NOT_A_DOCUMENT_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-action"];

export interface SharedPageRoute {
  /** What the stored copy is filed under: the path and query, and the cookie that changes the page. */
  key: string;
  /** The path and query to render the copy from. */
  url: string;
  /** The writes that make a stored copy out of date (the tags of the data cache). */
  tags: readonly string[];
  /** A paper page's arXiv id; null for a feed or author page. */
  paper: string | null;
  /** The cookie header the copy is rendered with (the dismissed subscribe prompt), if any. */
  cookie: string | null;
  /** A template reader's copy: the encoded template it is rendered for (lib/cache/reader-overlay.ts). */
  template?: string;
}

export interface PageRequest {
  method: string;
  pathname: string;
  /** The query, with its "?" or empty. */
  search: string;
  headers: Headers;
  /** The request's cookies by name. */
  cookies: ReadonlyMap<string, string>;
}

/** The tags a page depends on, or null when the page is not one the cache keeps. */
export function sharedPageTags(pathname: string): readonly CacheTag[] | null {
  return keptPage(pathname)?.tags ?? null;
}

/** A page the cache keeps: its tags, and the paper of a paper page. */
function keptPage(pathname: string): { tags: readonly CacheTag[]; paper: string | null } | null {
  const author = AUTHOR_PATH.exec(pathname);
  if (author) {
    // An author's page also shows how many readers follow the author (lib/reader/follows.ts).
    const name = decodedSegment(author[1]!);
    return name === null ? null : { tags: [...FEED_TAGS, authorTag(name)], paper: null };
  }
  if (FEED_PATH.test(pathname)) return { tags: FEED_TAGS, paper: null };
  const match = PAPER_PATH.exec(pathname);
  if (match) {
    const paper = parseArxivId(arxivIdFromSegments(match[1]!.split("/")))?.id;
    // A paper's page shows its best daily rank besides its own data.
    return paper ? { tags: [paperTag(paper), "snapshots"], paper } : null;
  }
  return null;
}

/** How the page cache may answer this request, or null when Next must render it for this reader alone. */
export function sharedPageRoute(request: PageRequest): SharedPageRoute | null {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return null;
  return documentRoute(request);
}

/**
 * A signed-in reader's feed or paper page, which the reader overlay may make from a template
 * reader's copy (lib/cache/reader-overlay.ts): the same rules as a signed-out page's, with
 * the session cookie's token (whether it names a session is for the overlay to find out).
 */
export function readerPageRoute(request: PageRequest): { route: SharedPageRoute; sessionToken: string } | null {
  const sessionToken = SESSION_COOKIES.map((name) => request.cookies.get(name)).find(Boolean);
  if (!sessionToken) return null;
  const route = documentRoute(request);
  return route && { route, sessionToken };
}

/** A browser's GET of a whole feed or paper page with no one-time message: what both routes share. */
function documentRoute(request: PageRequest): SharedPageRoute | null {
  if (request.method !== "GET") return null;
  if (!/\btext\/html\b/i.test(request.headers.get("accept") ?? "")) return null;
  const mode = request.headers.get("sec-fetch-mode");
  if (mode !== null && mode !== "navigate") return null;
  if (NOT_A_DOCUMENT_HEADERS.some((name) => request.headers.has(name))) return null;
  if (new URLSearchParams(request.search).has("_rsc")) return null;
  if (request.cookies.has(FLASH_COOKIE)) return null;
  const url = request.pathname + request.search;
  if (url.length > MAX_URL_LENGTH) return null;
  const page = keptPage(request.pathname);
  if (!page) return null;
  const dismissed = request.cookies.get(SUBSCRIBE_PROMPT_DISMISSED_COOKIE) === SUBSCRIBE_PROMPT_DISMISSED_VALUE;
  return {
    key: dismissed ? `${url} (prompt dismissed)` : url,
    url,
    tags: page.tags,
    paper: page.paper,
    cookie: dismissed ? `${SUBSCRIBE_PROMPT_DISMISSED_COOKIE}=${SUBSCRIBE_PROMPT_DISMISSED_VALUE}` : null,
  };
}
