import { NextResponse } from "next/server";
import { getWritingViewer, handleApi } from "@/lib/http/api";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import { setPaperFollow } from "@/lib/reader/follows";

/**
 * PUT/DELETE /api/me/follows/papers/{arxivId}: follow or unfollow a paper's discussion. An
 * unfollow is remembered, so commenting later does not follow it again.
 */
interface Context {
  params: Promise<{ id: string[] }>;
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    const state = await setPaperFollow(viewer, arxivIdFromSegments((await context.params).id), true);
    return NextResponse.json({ kind: "paper", key: state.arxivId, following: true });
  });
}

export async function DELETE(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    await setPaperFollow(viewer, arxivIdFromSegments((await context.params).id), false);
    return new Response(null, { status: 204 });
  });
}
