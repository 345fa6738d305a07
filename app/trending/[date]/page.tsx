import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { FeedPage } from "@/components/feed-page";
import { Subscribe } from "@/app/_components/subscribe";
import { PeriodNav } from "@/components/period-nav";
import { votingFor } from "@/app/_components/voting";
import { cursorFrom } from "@/app/_components/feed-view";
import { FeedLinks } from "@/components/feed-links";
import { categoryFrom, withQuery } from "@/lib/papers/categories";
import { feedAlternates } from "@/lib/syndication/feed-documents";
import { encodeCursor } from "@/lib/browse/feeds";
import { sharedFeedCategories, sharedTrendingSnapshot } from "@/lib/cache/shared-reads";
import { snapshotOrder } from "@/lib/ranking/card-order";
import { trendingParams } from "@/lib/ranking/trending";
import { dayLabel, parseDay, today } from "@/lib/ranking/periods";
import { trendingSnapshotHref } from "@/lib/http/urls";

interface Props {
  params: Promise<{ date: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

const PAGE_SIZE = 30;

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { date } = await params;
  const category = categoryFrom(await searchParams);
  if (!parseDay(date)) return { title: `Trending on ${date}` };
  const title = category ? `Trending in ${category} on ${date}` : `Trending on ${date}`;
  return { title, alternates: { types: feedAlternates({ kind: "snapshot", date, category }, title) } };
}

export default async function DailyTrendingPage({ params, searchParams }: Props) {
  await connection();
  const { date } = await params;
  if (!parseDay(date)) notFound();
  const query = await searchParams;
  const offset = cursorFrom(query) ?? 0;
  const category = categoryFrom(query);
  const [snapshot, categories] = await Promise.all([
    sharedTrendingSnapshot(date, { limit: PAGE_SIZE + 1, offset, category }),
    sharedFeedCategories({ feed: "snapshot", period: date }),
  ]);
  if (!snapshot.computed && date >= today()) notFound();
  const ranking = trendingParams();
  const path = trendingSnapshotHref(date);
  const items = snapshot.items
    .slice(0, PAGE_SIZE)
    .map((item) => ({ ...item, order: snapshotOrder(item.trending, ranking) }));
  const voting = await votingFor(
    items.map((item) => item.arxivId),
    withQuery(path, { category }),
  );
  return (
    <>
      <FeedPage
        heading={`Trending on ${dayLabel(date)}`}
        explanation={
          <>
            the ranking at 00:00 UTC at the end of the day ·{" "}
            <Link href="/ranking" className="underline">
              how it works
            </Link>
          </>
        }
        nav={
          <PeriodNav
            basePath="/trending"
            previous={snapshot.previous}
            next={snapshot.next}
            current={date}
            latest={{ href: "/", label: "now" }}
            picker={{ type: "date", name: "date", max: today() }}
            keep={{ category }}
          />
        }
        papers={items}
        voting={voting}
        firstRank={offset + 1}
        nextHref={
          snapshot.items.length > PAGE_SIZE
            ? withQuery(path, { category, cursor: encodeCursor(offset + PAGE_SIZE) })
            : null
        }
        emptyText={
          !snapshot.computed
            ? "There is no snapshot for this day."
            : category
              ? `No paper in ${category} trended on this day.`
              : "No paper had enough votes to trend on this day."
        }
        filter={{ action: path, categories, current: category }}
        feedLinks={snapshot.computed ? <FeedLinks source={{ kind: "snapshot", date, category }} /> : undefined}
      />
      <Subscribe returnTo={withQuery(path, { category })} />
    </>
  );
}
