import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";

/** GET /feeds/new.rss[?category=cs.LG]: papers most recently added, as RSS 2.0. */
export async function GET(request: Request) {
  await connection();
  return serveFeed(request, "rss", { kind: "new" });
}
