/**
 * How search finds its candidates, chosen per query from PostgreSQL's own statistics. Pure:
 * no database import (lib/browse/search.ts reads the statistics and runs the statement).
 *
 * The GIN index answers with the bitmap of every paper containing the query's rarest word, so
 * its cost is that word's posting list: a word in most abstracts ("transformer") costs as many
 * entries as there are papers, and grows with them (docs/SCALING.md, "Search at larger
 * sizes"). For such a word the opposite walk is cheap: the newest papers in primary-key order,
 * each tested, until SEARCH_CANDIDATES match; about CANDIDATES / frequency rows, whatever the
 * table's size. Each query takes the cheaper of the two by this cost model, and the walk is
 * capped at a window of the newest papers, so that a misestimate (two common words that seldom
 * meet) costs at most the window.
 */

/** Per-query lexeme statistics: PostgreSQL's most common elements of `papers.search_vector`. */
export interface LexemeStats {
  /** Rows in papers (pg_class.reltuples). */
  papers: number;
  /** Lexeme → share of papers containing it, for the lexemes ANALYZE found common. */
  frequencies: ReadonlyMap<string, number>;
}

export type CandidateStrategy = { kind: "index" } | { kind: "newest"; window: number };

/**
 * What one tested row costs against one posting-list entry. Measured on the scale-3
 * benchmark data (300k papers): the GIN bitmap of "transformer" (287k entries) took about
 * 120 ms warm, 0.4 µs an entry; the newest-first walk tested 540 rows in 18 ms, 33 µs a row
 * (each row's tsvector is read and detoasted).
 */
export const ROW_COST_IN_ENTRIES = 80;
/** The walk never tests more than this many of the newest papers. */
export const MAX_WALK_WINDOW = 2_500;
/** The window is this many times the expected rows, so that an estimate off by 4× still fills the candidates. */
const WINDOW_MARGIN = 4;

/** A tsquery that is a plain AND or a plain OR of words; anything else always takes the index. */
export interface PlainQuery {
  operator: "and" | "or";
  lexemes: string[];
}

/**
 * The words of a tsquery that is one word, a plain AND of words (`'transform' & 'attent'`) or
 * a plain OR (`'attent' | 'mechan'`, the search fallback's), from `querytree()`'s text; null
 * for anything else (negation, phrases, prefixes, mixed operators).
 */
export function plainQuery(querytree: string): PlainQuery | null {
  const text = querytree.trim();
  const word = "'(?:[^']|'')+'";
  const operator = new RegExp(`^${word}(?: & ${word})*$`).test(text)
    ? "and"
    : new RegExp(`^${word}(?: \\| ${word})+$`).test(text)
      ? "or"
      : null;
  if (!operator) return null;
  return { operator, lexemes: [...text.matchAll(/'((?:[^']|'')+)'/g)].map((match) => match[1]!.replace(/''/g, "'")) };
}

/**
 * The cheaper way to find `candidates` matches: the index, whose cost is the posting lists it
 * reads (an AND's rarest word, thanks to GIN's fast scan; an OR's every word), or the
 * newest-first walk, whose cost is candidates divided by the share of papers that match
 * (words taken as independent). A word ANALYZE did not find common is rare: an AND with one
 * takes the index; in an OR it adds nothing to either side.
 */
export function candidateStrategy(query: PlainQuery | null, stats: LexemeStats, candidates: number): CandidateStrategy {
  if (!query || query.lexemes.length === 0 || stats.papers <= 0) return { kind: "index" };
  const shares = query.lexemes.map((lexeme) => stats.frequencies.get(lexeme) ?? 0);
  let indexEntries: number;
  let matchShare: number;
  if (query.operator === "and") {
    if (shares.some((share) => share <= 0)) return { kind: "index" };
    indexEntries = Math.min(...shares) * stats.papers;
    matchShare = shares.reduce((product, share) => product * share, 1);
  } else {
    indexEntries = shares.reduce((sum, share) => sum + share, 0) * stats.papers;
    matchShare = 1 - shares.reduce((product, share) => product * (1 - share), 1);
  }
  if (matchShare <= 0) return { kind: "index" };
  const expectedRows = candidates / matchShare;
  if (expectedRows * ROW_COST_IN_ENTRIES >= indexEntries) return { kind: "index" };
  const window = Math.min(MAX_WALK_WINDOW, Math.ceil(expectedRows * WINDOW_MARGIN));
  // A window that cannot hold the candidates at the expected share is worth less than the index.
  if (window * matchShare < candidates) return { kind: "index" };
  return { kind: "newest", window };
}

/**
 * `most_common_elem_freqs` holds one frequency per element, then three more (minimum,
 * maximum, share of nulls): only the first `elements.length` are the elements'.
 */
export function lexemeFrequencies(elements: string[] | null, freqs: number[] | null): Map<string, number> {
  const map = new Map<string, number>();
  if (!elements || !freqs) return map;
  elements.forEach((element, index) => {
    const share = freqs[index];
    if (typeof share === "number") map.set(element, share);
  });
  return map;
}
