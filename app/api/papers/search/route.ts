import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { listDailyPapers } from "@/lib/ranking/daily-papers";
import { parseOrThrow, queryObject } from "@/lib/errors";
import { dailyPaperToJson } from "@/lib/papers/paper-json";
import { searchPapers, searchQuerySchema } from "@/lib/browse/search";

/**
 * GET /api/papers/search?q=&limit=: Hugging Face's paper search (huggingface_hub's
 * `list_papers`), answered by our search as an array of daily-paper items. Without `q`, the
 * newest papers. This static segment takes precedence over the catch-all /api/papers/{id}
 * route; "search" is no arXiv id, so no paper is shadowed.
 */
const hfSearchSchema = searchQuerySchema.pick({ q: true, limit: true }).partial({ q: true });

export async function GET(request: Request) {
  return handleApi(async () => {
    const raw = queryObject(new URL(request.url).searchParams);
    const { q, limit } = parseOrThrow(hfSearchSchema, { q: raw.q, limit: raw.limit }, "query");
    if (!q) {
      const newest = await listDailyPapers({ sort: "publishedAt", p: 0, limit });
      return NextResponse.json(newest.map((paper) => dailyPaperToJson(paper)));
    }
    const result = await searchPapers(searchQuerySchema.parse({ q, limit }));
    return NextResponse.json(result.hits.map((hit) => dailyPaperToJson(hit)));
  });
}
