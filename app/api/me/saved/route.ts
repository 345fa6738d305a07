import { NextResponse } from "next/server";
import { getApiCaller, handleApi } from "@/lib/http/api";
import type { SavedListJson } from "@/lib/http/api-schemas";
import { parseOrThrow, queryObject } from "@/lib/errors";
import { listSavedPapers, savedListQuerySchema } from "@/lib/reader/reading-list";
import { savedPaperToJson } from "@/lib/reader/reading-list-api";

/** GET /api/me/saved?limit=&cursor=: the caller's reading list, newest saved first. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const query = parseOrThrow(savedListQuerySchema, queryObject(new URL(request.url).searchParams), "query");
    const { viewer } = await getApiCaller(request);
    const page = await listSavedPapers(viewer, { limit: query.limit, offset: query.cursor ?? 0 });
    return NextResponse.json(
      { items: page.items.map(savedPaperToJson), nextCursor: page.nextCursor } satisfies SavedListJson,
      { headers: { "Cache-Control": "private, no-store" } },
    );
  });
}
