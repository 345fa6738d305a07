import { NextResponse } from "next/server";
import { BODY_LIMITS, handleApi, parseJsonBody, requireWritingViewer } from "@/lib/http/api";
import { commentVoteSchema, voteOnComment } from "@/lib/discussion/comments";
import { parseCommentId } from "@/lib/discussion/comment-id";

/** PUT /api/comments/{id}/vote with {"upvoted": bool}: the desired state, like paper votes. */
export async function PUT(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const id = parseCommentId((await context.params).id);
    const viewer = await requireWritingViewer(request);
    const { upvoted } = await parseJsonBody(request, commentVoteSchema, BODY_LIMITS.vote);
    return NextResponse.json(await voteOnComment(viewer, id, upvoted));
  });
}
