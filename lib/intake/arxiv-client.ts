import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { z } from "zod";
import { arxivAbsUrl, arxivPdfUrl, parseArxivId, parseArxivInput } from "../papers/arxiv-id";

/**
 * Client for the arXiv API (https://info.arxiv.org/help/api/user-manual.html): metadata by
 * id and newest papers of a category. No database and no configuration of its own: the
 * caller passes the base URL (ARXIV_API_URL in production, a local fixture server in tests).
 *
 * The Atom feed is read by XML namespace, never by prefix or layout: arXiv has moved
 * namespace declarations between the root and each element, reordered entry children and
 * switched links between http and https, and will again.
 */

export const DEFAULT_ARXIV_BASE_URL = "https://export.arxiv.org";
export const ATOM_NS = "http://www.w3.org/2005/Atom";
export const ARXIV_NS = "http://arxiv.org/schemas/atom";
export const OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/";

const DEFAULT_TIMEOUT_MS = 15_000;
// One request names every id; past a few hundred the URL gets long enough for proxies to refuse.
export const MAX_IDS_PER_REQUEST = 200;
// arXiv's own limits for one page and for how deep paging may go.
export const MAX_SEARCH_PAGE_SIZE = 2000;
const MAX_SEARCH_DEPTH = 30_000;

export type ArxivErrorKind = "not_found" | "invalid_id" | "unavailable" | "malformed" | "timeout";

export class ArxivError extends Error {
  readonly kind: ArxivErrorKind;
  /** How long arXiv asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  /** HTTP status of the response, when there was one. */
  readonly status?: number;

  constructor(
    kind: ArxivErrorKind,
    message: string,
    options: { retryAfterSeconds?: number; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ArxivError";
    this.kind = kind;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.status !== undefined) this.status = options.status;
  }
}

const nullableText = z.string().min(1).nullable();

export const arxivPaperSchema = z.object({
  arxivId: z.string().refine((id) => parseArxivId(id)?.id === id, "not a version-less arXiv id"),
  version: z.number().int().min(1),
  title: z.string().min(1),
  abstract: z.string(),
  authors: z.array(z.string().min(1)).min(1),
  publishedOn: z.iso.date().nullable(),
  updatedAt: z.iso.datetime(),
  categories: z.array(z.string().min(1)).min(1),
  absUrl: z.url(),
  pdfUrl: z.url(),
  comment: nullableText,
  journalRef: nullableText,
  doi: nullableText,
  withdrawn: z.boolean(),
});

export type ArxivPaper = z.infer<typeof arxivPaperSchema>;

export interface ArxivRequestOptions {
  /** e.g. https://export.arxiv.org (no trailing /api). */
  baseUrl: string;
  /** Covers the whole exchange, headers and body. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface ArxivFetchResult {
  /** The papers arXiv has, in the order their ids were asked for. */
  papers: ArxivPaper[];
  /** Requested ids (normalised) arXiv does not know. */
  notFound: string[];
}

/**
 * Metadata for arXiv ids. Each id may be in any form `parseArxivInput` accepts; versions are
 * dropped because Paperboard tracks the latest version. Throws ArxivError: `invalid_id` before
 * any request when an id is not one, otherwise `unavailable`, `timeout` or `malformed`.
 */
export async function fetchArxivPapers(ids: string[], options: ArxivRequestOptions): Promise<ArxivFetchResult> {
  const wanted: string[] = [];
  for (const raw of ids) {
    const parsed = parseArxivInput(raw);
    if (!parsed) throw new ArxivError("invalid_id", `Not an arXiv identifier: ${JSON.stringify(raw.slice(0, 100))}`);
    if (!wanted.includes(parsed.id)) wanted.push(parsed.id);
  }
  if (wanted.length === 0) return { papers: [], notFound: [] };
  if (wanted.length > MAX_IDS_PER_REQUEST) {
    throw new RangeError(`At most ${MAX_IDS_PER_REQUEST} ids per arXiv request, got ${wanted.length}`);
  }

  const url = queryUrl(options.baseUrl, {
    id_list: wanted.join(","),
    start: "0",
    // arXiv pages id_list answers too (10 by default): ask for all of them at once.
    max_results: String(wanted.length),
  });
  const feed = readFeed(await requestText(url, options));
  const byId = new Map(feed.papers.map((paper) => [paper.arxivId, paper]));
  const papers: ArxivPaper[] = [];
  const notFound: string[] = [];
  for (const id of wanted) {
    const paper = byId.get(id);
    if (paper) papers.push(paper);
    else notFound.push(id);
  }
  return { papers, notFound };
}

/** One paper; throws ArxivError `not_found` when arXiv does not know the id. */
export async function fetchArxivPaper(id: string, options: ArxivRequestOptions): Promise<ArxivPaper> {
  const { papers, notFound } = await fetchArxivPapers([id], options);
  const paper = papers[0];
  if (!paper) throw new ArxivError("not_found", `arXiv has no paper ${notFound[0] ?? id}`);
  return paper;
}

export interface ArxivCategoryPage {
  papers: ArxivPaper[];
  /** How many papers the category holds in all (OpenSearch totalResults). */
  totalResults: number;
  start: number;
}

/** Archive or archive.SUBJECT, as in cs.LG, hep-th, physics.atom-ph, math.GT. */
const CATEGORY = /^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?$/;

/**
 * One page of a category's papers, newest submission first: `cat:{category}` sorted by
 * submittedDate descending. Paging is `start` (0-based) and `maxResults`.
 */
export async function searchArxivCategory(
  category: string,
  options: ArxivRequestOptions & { start?: number; maxResults?: number },
): Promise<ArxivCategoryPage> {
  // The category is spliced into arXiv's query language; only a plain name may get there.
  if (!CATEGORY.test(category))
    throw new ArxivError("invalid_id", `Not an arXiv category: ${JSON.stringify(category.slice(0, 100))}`);
  const start = options.start ?? 0;
  const maxResults = options.maxResults ?? 50;
  if (!Number.isInteger(start) || start < 0) throw new RangeError(`start must be a non-negative integer, got ${start}`);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_SEARCH_PAGE_SIZE) {
    throw new RangeError(`maxResults must be an integer from 1 to ${MAX_SEARCH_PAGE_SIZE}, got ${maxResults}`);
  }
  // arXiv answers 400 past this depth; say so here rather than as an opaque HTTP error.
  if (start + maxResults > MAX_SEARCH_DEPTH) {
    throw new RangeError(`arXiv serves at most the first ${MAX_SEARCH_DEPTH} results of a search`);
  }

  const url = queryUrl(options.baseUrl, {
    search_query: `cat:${category}`,
    sortBy: "submittedDate",
    sortOrder: "descending",
    start: String(start),
    max_results: String(maxResults),
  });
  const feed = readFeed(await requestText(url, options));
  if (feed.errorMessage !== null) {
    throw new ArxivError("invalid_id", `arXiv rejected the search for ${category}: ${feed.errorMessage}`);
  }
  if (feed.totalResults === null)
    throw new ArxivError("malformed", "arXiv search answer has no OpenSearch totalResults");
  return { papers: feed.papers, totalResults: feed.totalResults, start };
}

export interface ArxivRetryOptions {
  /** Further attempts after the first. */
  retries?: number;
  /** First back-off; doubles on each retry. */
  baseDelayMs?: number;
  /** Longest wait we accept; a longer Retry-After ends the retries. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: ArxivError, attempt: number, delayMs: number) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying when arXiv is `unavailable` or timed out, with exponential back-off
 * (baseDelayMs, 2x, 4x, ...) but never sooner than a Retry-After asked for. Other failures,
 * and a Retry-After longer than maxDelayMs, are thrown at once: the caller can show
 * `retryAfterSeconds` rather than hold a request open for minutes.
 */
export async function withArxivRetries<T>(
  fn: (attempt: number) => Promise<T>,
  { retries = 3, baseDelayMs = 3_000, maxDelayMs = 60_000, sleep = realSleep, onRetry }: ArxivRetryOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof ArxivError) || (error.kind !== "unavailable" && error.kind !== "timeout")) throw error;
      if (attempt >= retries) throw error;
      const asked = (error.retryAfterSeconds ?? 0) * 1000;
      if (asked > maxDelayMs) throw error;
      const delay = Math.min(Math.max(baseDelayMs * 2 ** attempt, asked), maxDelayMs);
      onRetry?.(error, attempt + 1, delay);
      await sleep(delay);
    }
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form opens with a day name; without that check Date.parse would read
  // "1.5" or "-5" as calendar dates.
  if (!/^[A-Za-z]{3,9},?\s/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function queryUrl(baseUrl: string, params: Record<string, string>): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/api/query`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

async function requestText(url: URL, options: ArxivRequestOptions): Promise<string> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  // Our own timer rather than AbortSignal.timeout, so that a timeout is told apart from
  // any other abort and the body read is covered as well as the headers.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchImpl(url, {
      headers: { accept: "application/atom+xml" },
      signal: controller.signal,
    });
    if (!response.ok) {
      // Let the connection go without reading a body we will not use.
      await response.body?.cancel().catch(() => {});
      throw statusError(response);
    }
    return await response.text();
  } catch (error) {
    if (error instanceof ArxivError) throw error;
    if (timedOut) throw new ArxivError("timeout", `arXiv did not answer within ${timeoutMs} ms`, { cause: error });
    throw new ArxivError("unavailable", `Could not reach arXiv: ${describe(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function statusError(response: Response): ArxivError {
  const status = response.status;
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  if (status === 408 || status === 429 || status >= 500) {
    const wait = retryAfterSeconds === undefined ? "" : `; retry after ${retryAfterSeconds} s`;
    return new ArxivError("unavailable", `arXiv is unavailable (HTTP ${status}${wait})`, { status, retryAfterSeconds });
  }
  // A 4xx other than those means our request or the base URL is wrong: retrying will not help.
  return new ArxivError("malformed", `arXiv answered HTTP ${status}`, { status });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

interface ParsedFeed {
  papers: ArxivPaper[];
  totalResults: number | null;
  /** arXiv's message when the feed is its error answer. */
  errorMessage: string | null;
}

function parseXml(text: string): Document {
  let problem: string | undefined;
  const parser = new DOMParser({
    // Warnings are cosmetic; errors mean the document is not what arXiv meant to send.
    onError: (level, message) => {
      if (level === "warning") return;
      problem ??= message.split("\n")[0]?.trim();
      throw new Error(message);
    },
  });
  try {
    return parser.parseFromString(text, "text/xml");
  } catch (error) {
    throw new ArxivError("malformed", `arXiv sent XML that does not parse: ${problem ?? describe(error)}`, {
      cause: error,
    });
  }
}

function readFeed(text: string): ParsedFeed {
  const doc = parseXml(text);
  // arXiv never sends a DTD; one here could only be used to expand entities.
  if (doc.doctype) throw new ArxivError("malformed", "arXiv answer carries a DOCTYPE");
  const feed = doc.documentElement;
  if (!feed || feed.namespaceURI !== ATOM_NS || feed.localName !== "feed") {
    throw new ArxivError(
      "malformed",
      `arXiv answer is not an Atom feed (root ${feed ? `<${feed.nodeName}>` : "missing"})`,
    );
  }

  const total = childText(feed, OPENSEARCH_NS, "totalResults");
  let totalResults: number | null = null;
  if (total !== null) {
    if (!/^\d+$/.test(total))
      throw new ArxivError("malformed", `OpenSearch totalResults is not a count: ${JSON.stringify(total)}`);
    totalResults = Number(total);
  }

  const papers: ArxivPaper[] = [];
  let errorMessage: string | null = null;
  for (const entry of children(feed, ATOM_NS, "entry")) {
    const read = readEntry(entry);
    if (read.kind === "error") errorMessage = read.message;
    else if (read.kind === "paper") papers.push(read.paper);
  }
  return { papers, totalResults, errorMessage };
}

type EntryResult = { kind: "paper"; paper: ArxivPaper } | { kind: "error"; message: string } | { kind: "empty" };

const ERROR_ENTRY_ID = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/api\/errors/i;

function readEntry(entry: Element): EntryResult {
  const entryId = childText(entry, ATOM_NS, "id") ?? "";
  const title = squash(childText(entry, ATOM_NS, "title") ?? "");
  const parsedId = parseArxivInput(entryId);
  // arXiv's "no such paper" is an entry whose id points into /api/errors, titled "Error".
  if (ERROR_ENTRY_ID.test(entryId) || (!parsedId && title === "Error")) {
    return { kind: "error", message: squash(childText(entry, ATOM_NS, "summary") ?? "") || entryId };
  }
  if (!parsedId)
    throw new ArxivError("malformed", `arXiv entry has no paper id: ${JSON.stringify(entryId.slice(0, 200))}`);

  const authors = children(entry, ATOM_NS, "author")
    .map((author) => squash(childText(author, ATOM_NS, "name") ?? ""))
    .filter(Boolean);
  // An entry with neither title nor authors describes no paper; arXiv has sent such
  // placeholders for ids it does not have.
  if (!title && authors.length === 0) return { kind: "empty" };

  const abstract = squash(childText(entry, ATOM_NS, "summary") ?? "");
  const comment = squash(childText(entry, ARXIV_NS, "comment") ?? "") || null;
  const primary = children(entry, ARXIV_NS, "primary_category")[0]?.getAttribute("term")?.trim();
  const categories = unique([
    ...(primary ? [primary] : []),
    ...children(entry, ATOM_NS, "category").map((category) => category.getAttribute("term")?.trim() ?? ""),
  ]);

  const candidate = {
    arxivId: parsedId.id,
    version: parsedId.version,
    title,
    abstract,
    authors,
    publishedOn: utcDate(childText(entry, ATOM_NS, "published")),
    updatedAt: utcTimestamp(childText(entry, ATOM_NS, "updated") ?? ""),
    categories,
    // Built from the id rather than copied from <link>: arXiv's links have flipped between
    // http and https, and the version-less page always shows the latest version.
    absUrl: arxivAbsUrl(parsedId.id),
    pdfUrl: arxivPdfUrl(parsedId.id),
    comment,
    journalRef: squash(childText(entry, ARXIV_NS, "journal_ref") ?? "") || null,
    doi: squash(childText(entry, ARXIV_NS, "doi") ?? "") || null,
    withdrawn: isWithdrawalNotice(comment ?? "") || startsWithWithdrawalNotice(abstract),
  };
  const result = arxivPaperSchema.safeParse(candidate);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ArxivError("malformed", `arXiv entry ${entryId} is incomplete: ${problems}`);
  }
  return { kind: "paper", paper: result.data };
}

// The API has no withdrawn flag: a withdrawal is a new version whose comment (and often
// abstract) is arXiv's notice, e.g. "This paper has been withdrawn by the author(s)" or
// "arXiv admin note: This submission has been withdrawn by arXiv administrators ...".
const WITHDRAWAL_NOTICE =
  /\b(?:this|the)\s+(?:paper|article|submission|manuscript|preprint|version|work)\s+(?:has\s+been|is|was)\s+withdrawn\b/i;
const WITHDRAWN_FIRST = /^(?:arxiv\s+admin\s+note:\s*)?withdrawn\b/i;

function isWithdrawalNotice(text: string): boolean {
  return WITHDRAWAL_NOTICE.test(text) || WITHDRAWN_FIRST.test(text);
}

// An abstract mentions "withdrawn" for other reasons ("patients were withdrawn from the
// trial"), so there only a notice that opens it counts.
function startsWithWithdrawalNotice(abstract: string): boolean {
  const opening = abstract.replace(/^arxiv\s+admin\s+note:\s*/i, "");
  return WITHDRAWN_FIRST.test(opening) || WITHDRAWAL_NOTICE.exec(opening)?.index === 0;
}

const ELEMENT_NODE = 1;

function children(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const element = node as Element;
    if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
  }
  return found;
}

function childText(parent: Element, namespace: string, localName: string): string | null {
  const element = children(parent, namespace, localName)[0];
  return element ? (element.textContent ?? "") : null;
}

/** arXiv wraps titles and abstracts at ~80 columns; collapse that to single spaces. */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

function utcTimestamp(text: string): string {
  const time = Date.parse(text.trim());
  // Left as is when unreadable, so that validation names the field.
  return Number.isNaN(time) ? text.trim() : new Date(time).toISOString();
}

/** arXiv dates submissions in UTC; older feeds wrote US Eastern offsets. */
function utcDate(text: string | null): string | null {
  if (text === null) return null;
  const time = Date.parse(text.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}
