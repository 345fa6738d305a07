import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError, parseOrThrow, queryObject } from "@/lib/errors";
import { encodeCursor } from "@/lib/feeds";
import { inCategory, listPaperSummaries, type PaperSummary } from "@/lib/papers";
import { parseDay } from "@/lib/periods";
import { papers } from "@/db/schema";

/**
 * Search: PostgreSQL full-text search over title (weight A), authors (B) and abstract (C)
 * with web-search syntax ("quoted phrase", -exclusion, OR), and a trigram fallback for typos
 * and partial author names when the words match nothing.
 */

// Highlight markers no paper text contains; the page turns them into <mark> elements, so
// ts_headline's output is never trusted as HTML.
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";
const FUZZY_THRESHOLD = 0.4;

const dayString = z.string().refine((value) => parseDay(value) !== null, "must be a real day as YYYY-MM-DD");

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
  from: dayString.optional(),
  to: dayString.optional(),
  code: z.enum(["1", "true"]).optional(),
  category: z
    .string()
    .regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, "must be an arXiv category such as cs.LG")
    .optional(),
  order: z.enum(["relevance", "votes", "date"]).default("relevance"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,24}$/, "must be a cursor returned by a previous page")
    .optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  return parseOrThrow(searchQuerySchema, queryObject(params), "query");
}

function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, "base64url").toString("utf8").replace(/^o:/, ""));
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw new AppError(400, "cursor: must be a cursor returned by a previous page", { field: "cursor" });
  return offset;
}

export interface SearchHit extends PaperSummary {
  id: number;
  /** The abstract's best passage, with MARK_START/MARK_END around matched words. */
  snippet: string;
  relevance: number;
  /** "fulltext" for word matches, "similar" for the trigram fallback. */
  match: "fulltext" | "similar";
}

export interface SearchResult {
  hits: SearchHit[];
  nextCursor: string | null;
  /** True when no word matched and the results are spelling-tolerant guesses. */
  fuzzy: boolean;
}

function filters(query: SearchQuery): SQL[] {
  const where: SQL[] = [];
  if (query.from) where.push(sql`${papers.publishedOn} >= ${query.from}`);
  if (query.to) where.push(sql`${papers.publishedOn} <= ${query.to}`);
  if (query.code) where.push(sql`${papers.codeUrl} is not null`);
  if (query.category) where.push(inCategory(query.category));
  return where;
}

function orderBy(query: SearchQuery, relevance: SQL): SQL[] {
  if (query.order === "votes") return [sql`${papers.upvotes} desc`, sql`${relevance} desc`, sql`${papers.id}`];
  if (query.order === "date") return [sql`${papers.publishedOn} desc nulls last`, sql`${papers.addedAt} desc`, sql`${papers.id}`];
  return [sql`${relevance} desc`, sql`${papers.upvotes} desc`, sql`${papers.id}`];
}

const headline = (tsquery: SQL) =>
  sql<string>`ts_headline('english', ${papers.abstract}, ${tsquery},
    ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`})`;

export async function searchPapers(query: SearchQuery): Promise<SearchResult> {
  const offset = offsetOf(query.cursor);
  const tsquery = sql`websearch_to_tsquery('english', ${query.q})`;
  // Weights {D, C, B, A}: a title match counts ten times an abstract match.
  const rank = sql<number>`ts_rank_cd('{0.05, 0.1, 0.6, 1.0}', ${papers.searchVector}, ${tsquery})`;
  const where = [sql`${papers.searchVector} @@ ${tsquery}`, ...filters(query)];
  const rows = await listPaperSummaries({
    where: sql.join(where, sql` and `),
    orderBy: orderBy(query, rank),
    limit: query.limit + 1,
    offset,
    withId: true,
    extra: { relevance: rank, snippet: headline(tsquery) },
  });
  if (rows.length > 0 || offset > 0) {
    return {
      hits: (rows.slice(0, query.limit) as SearchHit[]).map((row) => ({ ...row, match: "fulltext" })),
      nextCursor: rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
      fuzzy: false,
    };
  }
  return { ...(await similarPapers(query)), fuzzy: true };
}

/**
 * The fallback: titles that look like the query (pg_trgm word similarity, so a misspelt
 * word or a fragment still matches) and authors whose names contain something like it.
 */
async function similarPapers(query: SearchQuery): Promise<Omit<SearchResult, "fuzzy">> {
  const q = query.q.replace(/["-]/g, " ").trim();
  if (q.length < 3) return { hits: [], nextCursor: null };
  const titleScore = sql`word_similarity(${q}, ${papers.title})`;
  const authorScore = sql`coalesce((select max(word_similarity(${q}, a.name)) from paper_authors a where a.paper_id = ${papers.id}), 0)`;
  const relevance = sql<number>`greatest(${titleScore}, ${authorScore})`;
  // pg_trgm's default word-similarity threshold (0.6) misses a single misspelt word such as
  // "Transfromers"; 0.4 still keeps unrelated titles out. Only the fallback pays for it.
  const where = [sql`${relevance} >= ${FUZZY_THRESHOLD}`, ...filters(query)];
  const rows = await listPaperSummaries({
    where: sql.join(where, sql` and `),
    orderBy: orderBy(query, relevance),
    limit: query.limit,
    withId: true,
    extra: { relevance, snippet: sql<string>`left(${papers.abstract}, 300)` },
  });
  return { hits: (rows as SearchHit[]).map((row) => ({ ...row, match: "similar" })), nextCursor: null };
}

/** Splits a snippet into text and highlighted parts, for rendering without HTML. */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(MARK_START);
    if (start === -1) {
      parts.push({ text: rest, marked: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), marked: false });
    const end = rest.indexOf(MARK_END, start);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), marked: true });
    rest = end === -1 ? "" : rest.slice(end + 1);
  }
  return parts;
}

/** Papers by an author (exact name, any case), newest first. */
export async function listAuthorPapers(name: string, limit = 200): Promise<(PaperSummary & { id?: number })[]> {
  return listPaperSummaries({
    where: sql`exists (select 1 from paper_authors a where a.paper_id = ${papers.id} and lower(a.name) = lower(${name}))`,
    orderBy: [sql`${papers.publishedOn} desc nulls last`, sql`${papers.addedAt} desc`],
    limit,
  });
}
