import { handleApi } from "@/lib/http/api";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import { AppError } from "@/lib/errors";
import { getPaperMarkdown } from "@/lib/papers/paper-markdown";
import { paperHref } from "@/lib/http/urls";

/**
 * GET /papers/{arxivId}.md (next.config.ts rewrites it here): the paper page as markdown.
 * A catch-all, because old-style ids contain a slash (/papers/hep-th/9901001.md).
 */
export async function GET(_request: Request, context: { params: Promise<{ arxivId: string[] }> }) {
  return handleApi(async () => {
    const arxivId = arxivIdFromSegments((await context.params).arxivId);
    const result = await getPaperMarkdown(arxivId);
    if (!result) throw new AppError(404, `No paper with arXiv id ${arxivId}.`);
    return new Response(result.markdown, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        link: `<${paperHref(result.arxivId)}>; rel="canonical"`,
      },
    });
  });
}
