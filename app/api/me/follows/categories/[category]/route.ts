import { NextResponse } from "next/server";
import { getWritingViewer, handleApi } from "@/lib/http/api";
import { decodePathSegment } from "@/lib/http/path-segment";
import { followCategory, unfollowCategory } from "@/lib/reader/follows";

/** PUT/DELETE /api/me/follows/categories/{category}: follow or unfollow an arXiv category (cs.CL). */
interface Context {
  params: Promise<{ category: string }>;
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    const { category } = await followCategory(viewer, decodePathSegment((await context.params).category) ?? "");
    return NextResponse.json({ kind: "category", key: category, following: true });
  });
}

export async function DELETE(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    await unfollowCategory(viewer, decodePathSegment((await context.params).category) ?? "");
    return new Response(null, { status: 204 });
  });
}
