import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { FeedPage } from "@/components/feed-page";
import { PeriodNav } from "@/components/period-nav";
import { votingFor } from "@/app/_components/voting";
import { cursorFrom } from "@/app/_components/feed-view";
import { encodeCursor } from "@/lib/feeds";
import { dayLabel, parseDay, today } from "@/lib/periods";
import { getTrendingSnapshot } from "@/lib/trending";

interface Props {
  params: Promise<{ date: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

const PAGE_SIZE = 30;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trending on ${(await params).date}` };
}

export default async function DailyTrendingPage({ params, searchParams }: Props) {
  await connection();
  const { date } = await params;
  if (!parseDay(date)) notFound();
  const offset = cursorFrom(await searchParams) ?? 0;
  const snapshot = await getTrendingSnapshot(date, { limit: PAGE_SIZE + 1, offset });
  if (!snapshot.computed && date >= today()) notFound();
  const items = snapshot.items.slice(0, PAGE_SIZE);
  const voting = await votingFor(
    items.map((item) => item.arxivId),
    `/trending/${date}`,
  );
  return (
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
          picker={{ type: "date", name: "date", max: today() }}
        />
      }
      papers={items}
      voting={voting}
      firstRank={offset + 1}
      nextHref={snapshot.items.length > PAGE_SIZE ? `/trending/${date}?cursor=${encodeCursor(offset + PAGE_SIZE)}` : null}
      emptyText={snapshot.computed ? "No paper had enough votes to trend on this day." : "There is no snapshot for this day."}
    />
  );
}
