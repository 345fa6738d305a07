import { NextResponse } from "next/server";
import { handleApi, getWritingViewer, joinPathSegments, parseJsonBody } from "@/lib/api";
import { AppError } from "@/lib/errors";
import { getPaper, paperToJson } from "@/lib/papers";
import { castVote, getUpvotedArxivIds, voteBodySchema } from "@/lib/votes";
import { getViewer } from "@/lib/viewer";

/**
 * /api/papers/{arxivId} and /api/papers/{arxivId}/vote. A catch-all, because old-style
 * arXiv ids contain a slash (/api/papers/hep-th/9901001/vote).
 */
interface Context {
  params: Promise<{ path: string[] }>;
}

async function target(context: Context): Promise<{ arxivId: string; action: "paper" | "vote" }> {
  const segments = (await context.params).path;
  if (segments.at(-1) === "vote") return { arxivId: joinPathSegments(segments.slice(0, -1)), action: "vote" };
  return { arxivId: joinPathSegments(segments), action: "paper" };
}

export async function GET(_request: Request, context: Context) {
  return handleApi(async () => {
    const { arxivId, action } = await target(context);
    if (action !== "paper") throw new AppError(404, "Not found.");
    const paper = await getPaper(arxivId);
    if (!paper) throw new AppError(404, `No paper with arXiv id ${arxivId}.`);
    const viewer = await getViewer();
    const body = {
      ...paperToJson(paper),
      ...(viewer ? { upvoted: (await getUpvotedArxivIds(viewer.id, [paper.arxivId])).has(paper.arxivId) } : {}),
    };
    return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
  });
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const { arxivId, action } = await target(context);
    if (action !== "vote") throw new AppError(404, "Not found.");
    const viewer = await getWritingViewer(request);
    const { upvoted } = await parseJsonBody(request, voteBodySchema);
    return NextResponse.json(await castVote(viewer, arxivId, upvoted));
  });
}
