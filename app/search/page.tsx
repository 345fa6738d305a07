import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { PaperList } from "@/components/paper-list";
import { votingFor } from "@/app/_components/voting";
import { AppError } from "@/lib/errors";
import { parseSearchQuery, searchPapers, snippetParts, type SearchQuery, type SearchResult } from "@/lib/browse/search";
import { Flash } from "@/components/flash";

export const metadata: Metadata = { title: "Search" };

type SearchParams = Record<string, string | string[] | undefined>;

function toParams(searchParams: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) if (typeof value === "string") params.set(key, value);
  return params;
}

const field = "rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900";

export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const params = toParams(await searchParams);
  let query: SearchQuery | null = null;
  let result: SearchResult | null = null;
  let problem: string | null = null;
  if (params.get("q")) {
    try {
      query = parseSearchQuery(params);
      result = await searchPapers(query);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }
  const voting = await votingFor(result?.hits.map((hit) => hit.arxivId) ?? [], `/search?${params.toString()}`);
  const next = result?.nextCursor
    ? `/search?${new URLSearchParams({ ...Object.fromEntries(params), cursor: result.nextCursor }).toString()}`
    : null;
  const offset = query?.cursor ? Number(Buffer.from(query.cursor, "base64url").toString().slice(2)) : 0;

  return (
    <div className="mt-4">
      <Flash />
      <h1 className="font-serif text-xl font-semibold">Search</h1>
      <form action="/search" method="get" className="mt-2 flex flex-wrap items-end gap-2 text-sm" role="search">
        <label className="flex min-w-64 flex-1 flex-col">
          <span className="text-stone-500">Words, &quot;a phrase&quot;, -exclude, OR</span>
          <input name="q" defaultValue={params.get("q") ?? ""} className={field} aria-label="Search papers" />
        </label>
        <label className="flex flex-col">
          <span className="text-stone-500">Published from</span>
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} className={field} />
        </label>
        <label className="flex flex-col">
          <span className="text-stone-500">to</span>
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} className={field} />
        </label>
        <label className="flex flex-col">
          <span className="text-stone-500">Category</span>
          <input
            name="category"
            placeholder="cs.LG"
            defaultValue={params.get("category") ?? ""}
            className={`${field} w-24`}
          />
        </label>
        <label className="flex items-center gap-1 pb-1.5">
          <input type="checkbox" name="code" value="1" defaultChecked={params.get("code") === "1"} /> has code
        </label>
        <label className="flex flex-col">
          <span className="text-stone-500">Order</span>
          <select name="order" defaultValue={params.get("order") ?? "relevance"} className={field}>
            <option value="relevance">Relevance</option>
            <option value="votes">Votes</option>
            <option value="date">Date</option>
          </select>
        </label>
        <button type="submit" className="rounded border border-stone-400 px-3 py-1">
          Search
        </button>
      </form>

      {problem && (
        <p role="alert" className="mt-4 text-accent dark:text-accent-dark">
          {problem}
        </p>
      )}
      {result && query && (
        <section className="mt-4" aria-label="Results">
          <p className="text-sm text-stone-600 dark:text-stone-400" data-testid="search-summary">
            {result.hits.length === 0 ? (
              `No paper matches “${query.q}”.`
            ) : (
              <>
                <span data-testid="search-count">
                  {result.totalIsLowerBound
                    ? `More than ${result.total.toLocaleString("en")} results`
                    : result.total === 1
                      ? "1 result"
                      : `${result.total.toLocaleString("en")} results`}
                </span>
                {result.correctedQuery
                  ? `. No paper matches “${query.q}”; showing results for “${result.correctedQuery}”:`
                  : result.fuzzy
                    ? `. No paper has all the words of “${query.q}”; papers with some of them:`
                    : ` for “${query.q}”`}
              </>
            )}
          </p>
          <PaperList
            papers={result.hits.map((hit) => ({ ...hit, snippet: snippetParts(hit.snippet) }))}
            voting={voting}
            firstRank={offset + 1}
            emptyText=""
          />
          {next && (
            <Link href={next} className="mt-3 inline-block text-sm hover:underline" rel="next">
              More →
            </Link>
          )}
        </section>
      )}
    </div>
  );
}
