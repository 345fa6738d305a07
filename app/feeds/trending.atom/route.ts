import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";

/** GET /feeds/trending.atom[?category=cs.LG]: the live trending feed, as Atom. */
export async function GET(request: Request) {
  await connection();
  return serveFeed(request, "atom", { kind: "trending" });
}
