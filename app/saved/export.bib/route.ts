import { getApiCaller, handleApi } from "@/lib/http/api";
import { listAllSavedPapers } from "@/lib/reader/reading-list";
import { readingListBibtex } from "@/lib/reader/reading-list-export";

/** GET /saved/export.bib: the caller's reading list (session or token) as one BibTeX file. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const list = await listAllSavedPapers(viewer);
    return new Response(readingListBibtex(list), {
      headers: {
        "Content-Type": "application/x-bibtex; charset=utf-8",
        "Content-Disposition": 'attachment; filename="paperboard-reading-list.bib"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
