import { NextResponse } from "next/server";
import { getWritingViewer, handleApi, parseJsonBody } from "@/lib/api";
import { commentVoteSchema, voteOnComment } from "@/lib/comments";
import { parseCommentId } from "@/lib/comment-id";

/** PUT /api/comments/{id}/vote with {"upvoted": bool}: the desired state, like paper votes. */
export async function PUT(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const id = parseCommentId((await context.params).id);
    const viewer = await getWritingViewer(request);
    const { upvoted } = await parseJsonBody(request, commentVoteSchema);
    return NextResponse.json(await voteOnComment(viewer, id, upvoted));
  });
}
