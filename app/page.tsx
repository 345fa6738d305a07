import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";
import { categoryFrom } from "@/lib/papers/categories";
import { feedAlternates } from "@/lib/syndication/feed-documents";
import { Subscribe } from "@/app/_components/subscribe";
import { PeriodNav } from "@/components/period-nav";
import { withQuery } from "@/lib/papers/categories";
import { today } from "@/lib/ranking/periods";
import { latestSnapshotDate } from "@/lib/ranking/trending";

type SearchParams = Promise<Record<string, string | string[]>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const category = categoryFrom(await searchParams);
  return {
    alternates: {
      types: feedAlternates({ kind: "trending", category }, category ? `Trending in ${category}` : "Trending"),
    },
  };
}

export default async function TrendingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await connection();
  const params = await searchParams;
  const category = categoryFrom(params);
  const [result, latestSnapshot] = await Promise.all([loadFeed("trending", {}, params), latestSnapshotDate()]);
  return (
    <>
      {/* At the top, where Hugging Face's readers look for it; dismissed for good with one click. */}
      <Subscribe returnTo={withQuery("/", { category })} className="mt-4" />
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
        nav={
          // The dated snapshots of this feed: the latest one, and any day by the picker.
          latestSnapshot ? (
            <PeriodNav
              basePath="/trending"
              previous={latestSnapshot}
              next={null}
              live
              current={today()}
              picker={{ type: "date", name: "date", max: today() }}
              keep={{ category }}
            />
          ) : undefined
        }
        offset={cursorFrom(params) ?? 0}
        emptyText="Nothing is trending right now: no paper has enough recent votes."
        category={category}
        feedSource={{ kind: "trending", category }}
      />
    </>
  );
}
