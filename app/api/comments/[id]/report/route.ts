import { handleApi, parseJsonBody, requireWritingViewer } from "@/lib/http/api";
import { reportComment, reportSchema } from "@/lib/discussion/comments";
import { parseCommentId } from "@/lib/discussion/comment-id";

/** POST /api/comments/{id}/report with {"reason"}: for the moderators' queue. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const id = parseCommentId((await context.params).id);
    const viewer = await requireWritingViewer(request);
    const { reason } = await parseJsonBody(request, reportSchema);
    await reportComment(viewer, id, reason);
    return new Response(null, { status: 204 });
  });
}
