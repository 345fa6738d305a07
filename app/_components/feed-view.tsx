import "server-only";
import { FeedLinks } from "@/components/feed-links";
import { FeedPage } from "@/components/feed-page";
import type { PaperListItem } from "@/components/paper-list";
import { categoryFrom, withQuery } from "@/lib/papers/categories";
import { encodeCursor, feedQuerySchema, type FeedName, type FeedResult } from "@/lib/browse/feeds";
import { sharedFeed, sharedFeedCategories, sharedSparklines } from "@/lib/cache/shared-reads";
import { dailyOrder, periodOrder, trendingOrder, type CardOrder } from "@/lib/ranking/card-order";
import { trendingParams } from "@/lib/ranking/trending";
import type { FeedSource } from "@/lib/syndication/syndication";
import { votingFor } from "@/app/_components/voting";
import { readerLayer } from "@/app/_components/reader-layer";

type SearchParams = Record<string, string | string[] | undefined>;

/** A page's `?cursor=`: a malformed one reads as the first page rather than an error page. */
export function cursorFrom(searchParams: SearchParams): number | undefined {
  const raw = searchParams.cursor;
  const parsed = feedQuerySchema.shape.cursor.safeParse(typeof raw === "string" ? raw : undefined);
  return parsed.success ? parsed.data : undefined;
}

export async function loadFeed(
  feed: FeedName,
  period: Partial<Record<"date" | "week" | "month", string>>,
  searchParams: SearchParams,
  limit = 30,
) {
  return sharedFeed({ feed, ...period, limit, cursor: cursorFrom(searchParams), category: categoryFrom(searchParams) });
}

/** Renders a feed result as cards with the reader's votes, plus sparklines on trending. */
export async function FeedView(props: {
  result: FeedResult;
  path: string;
  heading: string;
  explanation: React.ReactNode;
  nav?: React.ReactNode;
  offset: number;
  emptyText?: string;
  /** The category the result was narrowed to (`categoryFrom` of the page's search params). */
  category?: string;
  /** The syndication feed of this list, linked under it. */
  feedSource?: FeedSource;
}) {
  const { result, category } = props;
  const ids = result.items.map((item) => item.id);
  const here = withQuery(props.path, { category, cursor: props.offset > 0 ? encodeCursor(props.offset) : undefined });
  const [voting, sparklines, categories, reader] = await Promise.all([
    votingFor(
      result.items.map((item) => item.arxivId),
      withQuery(props.path, { category }),
    ),
    result.feed === "trending" ? sharedSparklines(ids) : Promise.resolve(new Map<number, number[]>()),
    sharedFeedCategories({ feed: result.feed, period: result.period?.key }),
    // The reader's own part: saved marks and the hide-seen filter, never in the shared cache.
    readerLayer(result.items, here, category),
  ]);
  const params = trendingParams();
  const orderOf = (item: FeedResult["items"][number]): CardOrder | undefined => {
    if (result.feed === "trending" && item.trending) return trendingOrder(item.trending, params);
    if (result.feed === "daily") return dailyOrder(item.upvotes);
    if ((result.feed === "weekly" || result.feed === "monthly") && item.periodVotes !== undefined) {
      return periodOrder(item.periodVotes, result.feed === "weekly" ? "week" : "month");
    }
    return undefined;
  };
  const papers: PaperListItem[] = reader.items.map((item) => ({
    ...item,
    sparkline: sparklines.get(item.id),
    order: orderOf(item),
  }));
  return (
    <FeedPage
      heading={props.heading}
      explanation={props.explanation}
      nav={props.nav}
      papers={papers}
      voting={voting}
      firstRank={props.offset + 1}
      dates={result.feed === "new" ? "added" : "published"}
      nextHref={result.nextCursor ? withQuery(props.path, { category, cursor: result.nextCursor }) : null}
      emptyText={category ? `No paper in ${category} here.` : props.emptyText}
      filter={{ action: props.path, categories, current: category }}
      saving={reader.saving}
      personal={reader.personal}
      feedLinks={props.feedSource ? <FeedLinks source={props.feedSource} /> : undefined}
    />
  );
}
