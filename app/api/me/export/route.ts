import { getApiCaller, handleApi } from "@/lib/http/api";
import { startAccountExport } from "@/lib/identity/data-export";

/**
 * GET /api/me/export: everything the site holds about the caller (session or token), as
 * one JSON file, streamed as it is read (lib/identity/data-export.ts). Rate limited: 429 with
 * Retry-After before anything is sent.
 */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const { filename, stream } = await startAccountExport(viewer);
    return new Response(stream, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
