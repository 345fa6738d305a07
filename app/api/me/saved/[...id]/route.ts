import { NextResponse } from "next/server";
import { getApiCaller, getWritingViewer, handleApi, readBodyCapped } from "@/lib/http/api";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import { AppError, parseOrThrow } from "@/lib/errors";
import { getSavedState, savedPaperBodySchema, savePaper, unsavePaper } from "@/lib/reader/reading-list";
import { savedStateToJson } from "@/lib/reader/reading-list-api";

/**
 * /api/me/saved/{arxivId} (a catch-all: old-style ids contain a slash). GET: whether the
 * caller saved it; PUT (optional body {"read": true|false}): save it, or mark it read;
 * DELETE: remove it from the list.
 */
interface Context {
  params: Promise<{ id: string[] }>;
}

const noStore = { "Cache-Control": "private, no-store" };

export async function GET(request: Request, context: Context) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const state = await getSavedState(viewer, arxivIdFromSegments((await context.params).id));
    return NextResponse.json(savedStateToJson(state), { headers: noStore });
  });
}

export async function PUT(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    if (!viewer) throw new AppError(401, "Sign in to do this.");
    // The body is optional: an empty PUT just saves the paper.
    const bytes = await readBodyCapped(request, 1024);
    let body: unknown = {};
    if (bytes.length > 0) {
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch {
        throw new AppError(400, "The request body must be JSON (UTF-8).", { field: "body" });
      }
    }
    const input = parseOrThrow(savedPaperBodySchema, body);
    const state = await savePaper(viewer, arxivIdFromSegments((await context.params).id), input);
    return NextResponse.json(savedStateToJson(state), { headers: noStore });
  });
}

export async function DELETE(request: Request, context: Context) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    await unsavePaper(viewer, arxivIdFromSegments((await context.params).id));
    return new Response(null, { status: 204 });
  });
}
