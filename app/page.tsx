import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";
import { categoryFrom } from "@/lib/categories";
import { feedAlternates } from "@/lib/feed-documents";
import { Subscribe } from "@/app/_components/subscribe";

type SearchParams = Promise<Record<string, string | string[]>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const category = categoryFrom(await searchParams);
  return { alternates: { types: feedAlternates({ kind: "trending", category }, category ? `Trending in ${category}` : "Trending") } };
}

export default async function TrendingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const params = await searchParams;
  const result = await loadFeed("trending", {}, params);
  return (
    <>
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
      category={categoryFrom(params)}
      feedSource={{ kind: "trending", category: categoryFrom(params) }}
    />
    <Subscribe />
    </>
  );
}
