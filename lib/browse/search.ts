import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError, parseOrThrow, queryObject } from "@/lib/errors";
import { encodeCursor } from "@/lib/browse/feeds";
import { inCategory, listPaperSummaries, type PaperSummary } from "@/lib/papers/papers";
import { dayField } from "@/lib/ranking/periods";
import { getDb, getSql, type Transaction } from "@/db/client";
import { readableTexText } from "@/lib/discussion/tex";
import { papers, searchTerms } from "@/db/schema";
import {
  candidateStrategy,
  lexemeFrequencies,
  plainQuery,
  type CandidateStrategy,
  type LexemeStats,
} from "@/lib/browse/search-strategy";

/**
 * Search: PostgreSQL full-text search over title (weight A), authors (B) and abstract (C)
 * with web-search syntax ("quoted phrase", -exclusion, OR), and, when the words match nothing
 * together, a fallback that corrects each word to the nearest word the papers use (typos,
 * partial author names) and searches again.
 */

// Highlight markers no paper text contains; the page turns them into <mark> elements, so
// ts_headline's output is never trusted as HTML.
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";
/**
 * How alike a misspelt word and its correction must be (pg_trgm similarity: shared trigrams
 * over all trigrams). 0.3, pg_trgm's default, keeps "atention" → "attention" (0.73) and
 * "Noeth" → "noether" (0.56) and refuses unrelated words.
 */
const CORRECTION_THRESHOLD = 0.3;

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
  from: dayField.optional(),
  to: dayField.optional(),
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
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
    throw new AppError(400, "cursor: must be a cursor returned by a previous page", { field: "cursor" });
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
  /** How many papers match: exact below SEARCH_CANDIDATES, a lower bound from there (`totalIsLowerBound`). */
  total: number;
  totalIsLowerBound: boolean;
  /** True when no word matched and the results are spelling-tolerant guesses. */
  fuzzy: boolean;
  /** With fuzzy results: the query as corrected to the papers' own words, when a word changed. */
  correctedQuery: string | null;
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
  if (query.order === "date")
    return [sql`${papers.publishedOn} desc nulls last`, sql`${papers.addedAt} desc`, sql`${papers.id}`];
  return [sql`${relevance} desc`, sql`${papers.upvotes} desc`, sql`${papers.id}`];
}

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`;
/** A fallback snippet (no words to mark) is the abstract's start, about this long. */
const PLAIN_SNIPPET_CHARS = 300;

/**
 * The best passages of the page's abstracts, read as plain text first (TeX accents as
 * letters, formulas as "O(n² · d)": lib/discussion/tex.ts), so that a passage cut anywhere never shows
 * TeX source. ts_headline marks the query's words (stemmed, as the search matched them) and
 * cuts at word boundaries; an ellipsis says where the passage leaves the abstract. One
 * statement over the page's abstracts only, never over the candidates.
 */
async function readableSnippets(abstracts: string[], tsqueryText: string): Promise<string[]> {
  if (abstracts.length === 0) return [];
  const texts = abstracts.map((abstract) => readableTexText(abstract).replace(/\s+/g, " ").trim());
  const rows = await getSql()<{ headline: string; ord: string }[]>`
    select ts_headline('english', t, websearch_to_tsquery('english', ${tsqueryText}), ${HEADLINE_OPTIONS}) as headline, ord
    from unnest(${texts}::text[]) with ordinality as u(t, ord) order by ord`;
  return rows.map((row, index) => withEllipses(row.headline, texts[index]!));
}

/** "…" before a passage that does not start the text and after one that does not end it. */
function withEllipses(passage: string, text: string): string {
  const bare = passage.replaceAll(MARK_START, "").replaceAll(MARK_END, "").trim();
  if (bare.length === 0) return cutAtWord(text, PLAIN_SNIPPET_CHARS);
  const words = (value: string) => value.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const starts = words(text).startsWith(words(bare.split(" … ")[0]!).slice(0, 40));
  const ends = words(text).endsWith(words(bare.split(" … ").at(-1)!).slice(-40));
  return `${starts ? "" : "… "}${passage.trim()}${ends ? "" : " …"}`;
}

/** The text's start, cut at a word boundary near `maxChars`, with an ellipsis when cut. */
export function cutAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const space = text.lastIndexOf(" ", maxChars);
  return `${text.slice(0, space > maxChars / 2 ? space : maxChars).replace(/[\s,;:.(-]+$/, "")} …`;
}

/**
 * How many papers a query ranks at most. The index finds the matches; ranking reads each
 * candidate's text, so it is done on a bounded set: a word that is in every paper costs what
 * a rare one does. When more papers match, the ranked ones are the first the index yields
 * plus up to TITLE_PREFIX_CANDIDATES titles that start with the query, and paging stops at
 * the candidates' end (docs/SCALING.md, "Search at larger sizes").
 */
export const SEARCH_CANDIDATES = 500;
/** Titles equal to or starting with the query, always among the candidates (exact title first). */
const TITLE_PREFIX_CANDIDATES = 50;

/** The query as a title prefix; compared with ~>=~ / ~<~ (byte order), so nothing to escape. */
const queryPrefix = (q: string) => q.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The bounded candidate sets, read in one transaction that allows bitmap scans only: a LIMIT
 * over a filter is where the planner's row estimate chooses between reading the table (or
 * the primary key, in order) until enough rows match and asking the search index, and a word
 * it wrongly believes common would read every paper, testing each (measured: 120 ms to find
 * 200 trigram matches of 30k titles that way, 3 ms from the GIN index). The index answer
 * costs what the matches' posting lists cost, whatever the estimate.
 */
async function candidateIds<T>(read: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
    );
    return read(tx);
  });
}

/** PostgreSQL's statistics change only with ANALYZE (autovacuum's, or the benchmark's): read them every 10 minutes. */
const LEXEME_STATS_TTL_MS = 10 * 60 * 1000;
let lexemeStatsCache: { stats: LexemeStats; readAt: number } | null = null;

/** The most common lexemes of `papers.search_vector` and the table's size, as ANALYZE last saw them. */
async function lexemeStats(): Promise<LexemeStats> {
  if (lexemeStatsCache && Date.now() - lexemeStatsCache.readAt < LEXEME_STATS_TTL_MS) return lexemeStatsCache.stats;
  const [row] = await getSql()<{ elements: string[] | null; freqs: number[] | null; papers: number }[]>`
    select s.most_common_elems::text::text[] as elements, s.most_common_elem_freqs::float8[] as freqs,
           greatest(c.reltuples, 0)::float8 as papers
    from pg_class c
    left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'papers' and s.attname = 'search_vector'
    where c.oid = 'papers'::regclass`;
  const stats: LexemeStats = {
    papers: row?.papers ?? 0,
    frequencies: lexemeFrequencies(row?.elements ?? null, row?.freqs ?? null),
  };
  lexemeStatsCache = { stats, readAt: Date.now() };
  return stats;
}

/**
 * How this query's candidates are found (lib/browse/search-strategy.ts): the index, or, for words in
 * a large share of many papers and no filter, the newest papers walked in order. A filter
 * (category, dates, code) thins the matches by a share the statistics do not give, so it
 * always takes the index.
 */
async function strategyFor(query: SearchQuery, tsqueryText: string): Promise<CandidateStrategy> {
  if (filters(query).length > 0) return { kind: "index" };
  const [tree] = await getSql()<
    { tree: string }[]
  >`select querytree(websearch_to_tsquery('english', ${tsqueryText}))::text as tree`;
  return candidateStrategy(plainQuery(tree?.tree ?? ""), await lexemeStats(), SEARCH_CANDIDATES);
}

/**
 * The candidates of a full-text query: titles that start with the query (the
 * text_pattern_ops index on lower(title), as a range so that a generic plan still uses it),
 * and SEARCH_CANDIDATES matches, both also satisfying the filters. The matches are the first
 * the GIN index yields (bitmap scans only, see candidateIds), or with the "newest" strategy
 * the newest matching papers among the last `window` ids (ids are assigned in the order
 * papers are added; a deleted paper only narrows the window), walked backwards on the primary key:
 * no bitmap, so a word in every paper costs the rows tested, not its posting list.
 * Exported for lib/browse/bounded-reads.test.ts, which runs both strategies under EXPLAIN.
 */
export async function fullTextCandidates(
  query: SearchQuery,
  tsqueryText: string,
  strategy: CandidateStrategy,
): Promise<number[]> {
  const tsquery = sql`websearch_to_tsquery('english', ${tsqueryText})`;
  const prefix = queryPrefix(query.q);
  const matching = sql.join([sql`${papers.searchVector} @@ ${tsquery}`, ...filters(query)], sql` and `);
  const titlePrefix = sql`(select ${papers.id} as id from ${papers}
        where lower(${papers.title}) ~>=~ ${prefix} and lower(${papers.title}) ~<~ (${prefix} || chr(1114111)) and ${matching}
        limit ${TITLE_PREFIX_CANDIDATES})`;
  if (strategy.kind === "newest") {
    const rows = await getDb().transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
      );
      return tx.execute<{ id: number }>(sql`
        ${titlePrefix}
        union
        (select ${papers.id} from ${papers}
          where ${matching}
            and ${papers.id} > coalesce((select max(${papers.id}) from ${papers}), 0) - ${strategy.window}
          order by ${papers.id} desc limit ${SEARCH_CANDIDATES})`);
    });
    return rows.map((row) => row.id);
  }
  const rows = await candidateIds((tx) =>
    tx.execute<{ id: number }>(sql`
      ${titlePrefix}
      union
      (select ${papers.id} from ${papers} where ${matching} limit ${SEARCH_CANDIDATES})`),
  );
  return rows.map((row) => row.id);
}

/** One array parameter, not one per id: a single prepared statement whatever the count. */
const idIn = (ids: number[]) => sql`${papers.id} = any(${`{${ids.join(",")}}`}::int[])`;

/**
 * Relevance order puts titles first by how exactly they say the query: the title itself (any
 * case), a title starting with the query's words, a title matching the whole query (the
 * title's lexemes are the vector's weight A), then the rest; within each, full-text rank,
 * then votes. Computed on the candidates only.
 */
function titleTier(query: SearchQuery, tsquery: SQL): SQL<number> {
  const prefix = queryPrefix(query.q);
  return sql<number>`case
    when lower(${papers.title}) = ${prefix} then 0
    when lower(${papers.title}) ~>=~ (${prefix} || ' ') and lower(${papers.title}) ~<~ (${prefix} || ' ' || chr(1114111)) then 1
    when ts_filter(${papers.searchVector}, '{a}') @@ ${tsquery} then 2
    else 3 end`;
}

/** One page of full-text results for `tsquery`, ranked as the relevance order says. */
async function fullTextPage(
  query: SearchQuery,
  tsqueryText: string,
  offset: number,
): Promise<Omit<SearchResult, "fuzzy" | "correctedQuery">> {
  const tsquery = sql`websearch_to_tsquery('english', ${tsqueryText})`;
  // Weights {D, C, B, A}: a title match counts ten times an abstract match.
  const rank = sql<number>`ts_rank_cd('{0.05, 0.1, 0.6, 1.0}', ${papers.searchVector}, ${tsquery})`;
  const tier = titleTier(query, tsquery);
  // Among titles starting with the query's words ("attention" → "Attention Is All You Need",
  // "Attention Transformers at Scale"), the readers' votes decide: the paper people mean
  // by a one-word title query is the one they upvoted.
  const prefixVotes = sql`case when ${tier} = 1 then ${papers.upvotes} end desc nulls last`;
  const order =
    query.order === "relevance" ? [sql`${tier}`, prefixVotes, ...orderBy(query, rank)] : orderBy(query, rank);
  const strategy = await strategyFor(query, tsqueryText);
  const ids = await fullTextCandidates(query, tsqueryText, strategy);
  const rows =
    offset >= ids.length
      ? []
      : await listPaperSummaries({
          where: idIn(ids),
          orderBy: order,
          limit: query.limit + 1,
          offset,
          withId: true,
          extra: { relevance: rank },
        });
  const page = rows.slice(0, query.limit);
  const snippets = await readableSnippets(
    page.map((row) => row.abstract),
    tsqueryText,
  );
  return {
    hits: page.map((row, index) => ({ ...(row as SearchHit), snippet: snippets[index]!, match: "fulltext" as const })),
    nextCursor: rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
    // The index part of the candidates stops at SEARCH_CANDIDATES: below it, it holds every
    // match. The walk looked at the newest papers only: what it found is a lower bound.
    total: ids.length,
    totalIsLowerBound: ids.length >= SEARCH_CANDIDATES || strategy.kind === "newest",
  };
}

export async function searchPapers(query: SearchQuery): Promise<SearchResult> {
  const offset = offsetOf(query.cursor);
  const page = await fullTextPage(query, query.q, offset);
  if (page.hits.length > 0 || offset > 0) return { ...page, fuzzy: false, correctedQuery: null };
  return similarPapers(query);
}

/** At most this many words of a query are corrected (each is one index probe). */
const MAX_CORRECTED_WORDS = 8;

/** The query's words as search_terms holds them: letters and digits, lower case. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => word.length <= 40)
    .slice(0, MAX_CORRECTED_WORDS);
}

/**
 * Each word of the query as the papers spell it: the word itself when some paper has it, else
 * the most similar word of any paper (`%` on the GIN trigram index of search_terms, which
 * reads the posting lists of the word's own trigrams: bounded by the word, not by the papers),
 * preferring words that start with it (a fragment such as "Noeth" means "Noether"); null when
 * no word is similar enough. The threshold is set for this transaction only.
 */
async function correctWords(words: string[]): Promise<(string | null)[]> {
  const list = `{${words.map((word) => `"${word}"`).join(",")}}`;
  const rows = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(CORRECTION_THRESHOLD)}, true)`);
    return tx.execute<{ term: string | null }>(sql`
      select coalesce(exact.term, near.term) as term
      from unnest(${list}::text[]) with ordinality as w(word, position)
      left join lateral (select ${searchTerms.term} as term from ${searchTerms} where ${searchTerms.term} = w.word) exact on true
      left join lateral (
        select ${searchTerms.term} as term from ${searchTerms}
        where exact.term is null and ${searchTerms.term} % w.word
        order by starts_with(${searchTerms.term}, w.word) desc, similarity(${searchTerms.term}, w.word) desc, ${searchTerms.term}
        limit 1) near on true
      order by w.position`);
  });
  return rows.map((row) => row.term);
}

/**
 * The fallback when the words match no paper together: a misspelt word ("atention"), a
 * fragment of a name ("Noeth"), or words that never meet in one paper. Each word is corrected
 * to the papers' own spelling (correctWords), then the corrected query runs as full text with
 * all its words, and, if that finds nothing, with any of them. The cost is one index probe
 * per word plus a full-text query: bounded by the query, not by the number of papers
 * (docs/SCALING.md, "Search at larger sizes").
 */
async function similarPapers(query: SearchQuery): Promise<SearchResult> {
  const words = queryWords(query.q);
  if (words.length === 0) return guesses([], null);
  const terms = (await correctWords(words)).filter((term): term is string => term !== null);
  if (terms.length === 0) return guesses([], null);
  const corrected = terms.join(" ");
  const correctedQuery = corrected === words.join(" ") ? null : corrected;
  const asCorrected = { ...query, q: corrected, cursor: undefined };
  if (correctedQuery !== null) {
    const page = await fullTextPage(asCorrected, corrected, 0);
    if (page.hits.length > 0) return guesses(page.hits, correctedQuery);
  }
  if (terms.length < 2) return guesses([], correctedQuery);
  return guesses((await fullTextPage(asCorrected, terms.join(" or "), 0)).hits, correctedQuery);
}

/**
 * The answer of the fallback: one page of guesses, never paged (paging them would mix two
 * queries' orders), so the guesses shown are all there is.
 */
function guesses(hits: SearchHit[], correctedQuery: string | null): SearchResult {
  return {
    hits: hits.map((hit) => ({ ...hit, match: "similar" })),
    nextCursor: null,
    total: hits.length,
    totalIsLowerBound: false,
    fuzzy: true,
    correctedQuery,
  };
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
