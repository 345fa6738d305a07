import Link from "next/link";
import { connection } from "next/server";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";

export default async function TrendingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const params = await searchParams;
  const result = await loadFeed("trending", {}, params);
  return (
    <FeedView
      result={result}
      path="/"
      heading="Trending"
      explanation={
        <>
          ranked by how fast papers gain votes now ·{" "}
          <Link href="/ranking" className="underline">
            how the ranking works
          </Link>
        </>
      }
      offset={cursorFrom(params) ?? 0}
      emptyText="Nothing is trending right now: no paper has enough recent votes."
    />
  );
}
