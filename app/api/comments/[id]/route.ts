import { NextResponse } from "next/server";
import { BODY_LIMITS, getWritingViewer, handleApi, parseJsonBody, requireWritingViewer } from "@/lib/http/api";
import { deleteComment, editComment, editCommentSchema } from "@/lib/discussion/comments";
import { parseCommentId } from "@/lib/discussion/comment-id";

interface Context {
  params: Promise<{ id: string }>;
}

/** PATCH /api/comments/{id} with {"body"}: the author edits (marked "edited"). */
export async function PATCH(request: Request, context: Context) {
  return handleApi(async () => {
    const id = parseCommentId((await context.params).id);
    const viewer = await requireWritingViewer(request);
    const input = await parseJsonBody(request, editCommentSchema, BODY_LIMITS.comment);
    return NextResponse.json(await editComment(viewer, id, input));
  });
}

/** DELETE /api/comments/{id}: the author deletes; the text becomes "[deleted]", replies stay. */
export async function DELETE(request: Request, context: Context) {
  return handleApi(async () => {
    const id = parseCommentId((await context.params).id);
    const viewer = await getWritingViewer(request);
    await deleteComment(viewer, id);
    return new Response(null, { status: 204 });
  });
}
