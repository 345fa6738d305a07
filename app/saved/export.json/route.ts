import { getApiCaller, handleApi } from "@/lib/http/api";
import { listAllSavedPapers } from "@/lib/reader/reading-list";
import { readingListCslJson } from "@/lib/reader/reading-list-export";

/** GET /saved/export.json: the caller's reading list (session or token) as CSL-JSON, which Zotero imports. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const list = await listAllSavedPapers(viewer);
    return new Response(`${JSON.stringify(readingListCslJson(list), null, 2)}\n`, {
      headers: {
        "Content-Type": "application/vnd.citationstyles.csl+json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="paperboard-reading-list.json"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
