import { NextResponse } from "next/server";
import { getApiCaller, handleApi } from "@/lib/http/api";
import type { FollowListJson } from "@/lib/http/api-schemas";
import { listFollows } from "@/lib/reader/follows";

/** GET /api/me/follows: the authors, categories and discussions the caller follows. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const list = await listFollows(viewer);
    return NextResponse.json(
      {
        authors: list.authors.map((a) => ({ name: a.name, followedAt: a.followedAt.toISOString() })),
        categories: list.categories.map((c) => ({ category: c.category, followedAt: c.followedAt.toISOString() })),
        papers: list.papers.map((p) => ({ id: p.arxivId, title: p.title, followedAt: p.followedAt.toISOString() })),
      } satisfies FollowListJson,
      { headers: { "Cache-Control": "private, no-store" } },
    );
  });
}
