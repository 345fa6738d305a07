import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";
import { parseCommentsFeedPath } from "@/lib/syndication/syndication";

/**
 * GET /feeds/comments/{arxivId}.rss|.atom: one paper's discussion, newest first. A catch-all
 * because old-style ids contain a slash (hep-th/9901001.atom).
 */
export async function GET(request: Request, context: { params: Promise<{ path: string[] }> }) {
  await connection();
  const parsed = parseCommentsFeedPath((await context.params).path);
  return serveFeed(request, parsed?.format ?? "rss", parsed ? { kind: "comments", arxivId: parsed.arxivId } : null);
}
