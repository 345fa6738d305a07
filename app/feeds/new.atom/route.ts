import { connection } from "next/server";
import { serveFeed } from "@/lib/syndication/feed-documents";

/** GET /feeds/new.atom[?category=cs.LG]: papers most recently added, as Atom. */
export async function GET(request: Request) {
  await connection();
  return serveFeed(request, "atom", { kind: "new" });
}
