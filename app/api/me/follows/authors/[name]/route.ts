import { NextResponse } from "next/server";
import { getWritingViewer, handleApi } from "@/lib/http/api";
import { decodePathSegment } from "@/lib/http/path-segment";
import { followAuthor, unfollowAuthor } from "@/lib/reader/follows";

/** PUT/DELETE /api/me/follows/authors/{name}: follow or unfollow an author, by name as arXiv spells it. */
interface Context {
  params: Promise<{ name: string }>;
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    const { name } = await followAuthor(viewer, decodePathSegment((await context.params).name) ?? "");
    return NextResponse.json({ kind: "author", key: name, following: true });
  });
}

export async function DELETE(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    await unfollowAuthor(viewer, decodePathSegment((await context.params).name) ?? "");
    return new Response(null, { status: 204 });
  });
}
