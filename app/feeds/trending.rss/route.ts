import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";

/** GET /feeds/trending.rss[?category=cs.LG]: the live trending feed, as RSS 2.0. */
export async function GET(request: Request) {
  await connection();
  return serveFeed(request, "rss", { kind: "trending" });
}
