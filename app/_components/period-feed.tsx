import "server-only";
import { notFound, redirect } from "next/navigation";
import { PeriodNav } from "@/components/period-nav";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";
import { categoryFrom, withQuery } from "@/lib/papers/categories";
import { monthOf, parseDay, parseMonth, parseWeek, today, weekOf } from "@/lib/ranking/periods";

type SearchParams = Record<string, string | string[] | undefined>;

const PERIOD_FEEDS = {
  daily: {
    param: "date",
    parse: parseDay,
    current: (now: Date) => today(now),
    picker: "date",
    heading: (label: string) => `Daily papers · ${label}`,
    explanation: "papers added on this day, by upvotes",
  },
  weekly: {
    param: "week",
    parse: parseWeek,
    current: weekOf,
    picker: "week",
    heading: (label: string) => `Top of ${label}`,
    explanation: "by votes cast during the week",
  },
  monthly: {
    param: "month",
    parse: parseMonth,
    current: monthOf,
    picker: "month",
    heading: (label: string) => `Top of ${label}`,
    explanation: "by votes cast during the month",
  },
} as const;

export type PeriodFeedName = keyof typeof PERIOD_FEEDS;

/** /daily, /weekly, /monthly: to the current period, or to the one the picker asked for. */
export function redirectToPeriod(feed: PeriodFeedName, searchParams: SearchParams): never {
  const spec = PERIOD_FEEDS[feed];
  const asked = searchParams[spec.param];
  const key = typeof asked === "string" && spec.parse(asked) ? asked : spec.current(new Date());
  redirect(withQuery(`/${feed}/${key}`, { category: categoryFrom(searchParams) }));
}

export async function PeriodFeed({
  feed,
  periodKey,
  searchParams,
}: {
  feed: PeriodFeedName;
  periodKey: string;
  searchParams: SearchParams;
}) {
  const spec = PERIOD_FEEDS[feed];
  const period = spec.parse(periodKey);
  // The future has no papers yet: a real 404 rather than an empty page that looks broken.
  if (!period || period.start > new Date()) notFound();
  const result = await loadFeed(feed, { [spec.param]: periodKey }, searchParams);
  const path = `/${feed}/${periodKey}`;
  const category = categoryFrom(searchParams);
  return (
    <FeedView
      result={result}
      path={path}
      heading={spec.heading(result.period!.label)}
      explanation={spec.explanation}
      nav={
        <PeriodNav
          basePath={`/${feed}`}
          previous={result.period!.previous}
          next={result.period!.next}
          current={periodKey}
          picker={{ type: spec.picker, name: spec.param, max: spec.current(new Date()) }}
          keep={{ category }}
        />
      }
      category={category}
      offset={cursorFrom(searchParams) ?? 0}
      emptyText={feed === "daily" ? "No paper was added on this day." : "No votes were cast in this period."}
    />
  );
}
