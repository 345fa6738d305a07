import { NextResponse } from "next/server";
import { z } from "zod";
import { BODY_LIMITS, getApiCaller, handleApi, parseJsonBody, requireWritingViewer } from "@/lib/http/api";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import type { CommentTreeJson } from "@/lib/http/api-schemas";
import { commentNodeToJson, createComment, getCommentTree, newCommentSchema } from "@/lib/discussion/comments";
import { AppError } from "@/lib/errors";
import { getPaper } from "@/lib/papers/papers";
import { paperToJson } from "@/lib/papers/paper-json";
import { castVote, getUpvotedArxivIds, voteBodySchema } from "@/lib/ranking/votes";

/**
 * /api/papers/{arxivId}, /api/papers/{arxivId}/vote and /api/papers/{arxivId}/comments.
 * A catch-all, because old-style arXiv ids contain a slash (/api/papers/hep-th/9901001/vote).
 */
interface Context {
  params: Promise<{ path: string[] }>;
}

type Action = "paper" | "vote" | "comments";

async function target(context: Context): Promise<{ arxivId: string; action: Action }> {
  const segments = (await context.params).path;
  const last = segments.at(-1);
  if (last === "vote" || last === "comments")
    return { arxivId: arxivIdFromSegments(segments.slice(0, -1)), action: last };
  return { arxivId: arxivIdFromSegments(segments), action: "paper" };
}

const commentOrderSchema = z.enum(["best", "new"]);

export async function GET(request: Request, context: Context) {
  return handleApi(async () => {
    const { arxivId, action } = await target(context);
    if (action === "comments") {
      const order = commentOrderSchema.safeParse(new URL(request.url).searchParams.get("order") ?? "best");
      if (!order.success) throw new AppError(400, "order: must be best or new", { field: "order" });
      const tree = await getCommentTree(arxivId, order.data, (await getApiCaller(request)).viewer);
      return NextResponse.json({
        order: order.data,
        comments: tree.map((node) => commentNodeToJson(node)),
      } satisfies CommentTreeJson);
    }
    if (action !== "paper") throw new AppError(404, "Not found.");
    const paper = await getPaper(arxivId);
    if (!paper) throw new AppError(404, `No paper with arXiv id ${arxivId}.`);
    // huggingface_hub sends the Hugging Face token it has stored (`Bearer hf_…`) with every
    // call: reading a paper ignores a bearer that is not ours instead of refusing it.
    const foreignBearer = /^Bearer\s+(?!pb_)/i.test(request.headers.get("authorization") ?? "");
    const { viewer } = foreignBearer ? { viewer: null } : await getApiCaller(request);
    const body = paperToJson(
      paper,
      viewer ? { upvoted: (await getUpvotedArxivIds(viewer.id, [paper.arxivId])).has(paper.arxivId) } : {},
    );
    return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
  });
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const { arxivId, action } = await target(context);
    if (action !== "vote") throw new AppError(404, "Not found.");
    const viewer = await requireWritingViewer(request);
    const { upvoted } = await parseJsonBody(request, voteBodySchema, BODY_LIMITS.vote);
    return NextResponse.json(await castVote(viewer, arxivId, upvoted));
  });
}

export async function POST(request: Request, context: Context) {
  return handleApi(async () => {
    const { arxivId, action } = await target(context);
    if (action !== "comments") throw new AppError(404, "Not found.");
    const viewer = await requireWritingViewer(request);
    const input = await parseJsonBody(request, newCommentSchema, BODY_LIMITS.comment);
    return NextResponse.json(await createComment(viewer, arxivId, input), { status: 201 });
  });
}
