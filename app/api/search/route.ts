import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import type { SearchResponseJson } from "@/lib/http/api-schemas";
import { paperToJson } from "@/lib/papers/paper-json";
import { parseSearchQuery, searchPapers, snippetParts } from "@/lib/browse/search";

/** GET /api/search?q=&from=&to=&code=1&category=&order=relevance|votes|date&limit=&cursor= */
export async function GET(request: Request) {
  return handleApi(async () => {
    const query = parseSearchQuery(new URL(request.url).searchParams);
    const result = await searchPapers(query);
    return NextResponse.json({
      query: query.q,
      fuzzy: result.fuzzy,
      correctedQuery: result.correctedQuery,
      items: result.hits.map((hit) => ({
        ...paperToJson(hit),
        match: hit.match,
        relevance: Math.round(hit.relevance * 10_000) / 10_000,
        snippet: snippetParts(hit.snippet)
          .map((part) => (part.marked ? `**${part.text}**` : part.text))
          .join(""),
      })),
      nextCursor: result.nextCursor,
    } satisfies SearchResponseJson);
  });
}
