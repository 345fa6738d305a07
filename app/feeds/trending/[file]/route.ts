import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";
import { parseSnapshotFeedName } from "@/lib/syndication/syndication";

/**
 * GET /feeds/trending/{YYYY-MM-DD}.rss|.atom[?category=cs.LG]: one day's trending snapshot.
 * The extension is part of the one dynamic segment, parsed here.
 */
export async function GET(request: Request, context: { params: Promise<{ file: string }> }) {
  await connection();
  const parsed = parseSnapshotFeedName((await context.params).file);
  return serveFeed(request, parsed?.format ?? "rss", parsed ? { kind: "snapshot", date: parsed.date } : null);
}
