import { NextResponse } from "next/server";
import { handleApi } from "@/lib/api";
import { getFeed, parseFeedQuery } from "@/lib/feeds";
import { paperToJson } from "@/lib/papers";

/** GET /api/papers?feed=trending|daily|weekly|monthly|new&date=&week=&month=&limit=&cursor= */
export async function GET(request: Request) {
  return handleApi(async () => {
    const query = parseFeedQuery(new URL(request.url).searchParams);
    const result = await getFeed(query);
    return NextResponse.json({
      feed: result.feed,
      period: result.period
        ? { key: result.period.key, label: result.period.label, previous: result.period.previous, next: result.period.next }
        : null,
      items: result.items.map((item) => ({
        ...paperToJson(item),
        ...(item.periodVotes !== undefined ? { periodVotes: item.periodVotes } : {}),
        ...(item.trending
          ? {
              trending: {
                rank: item.trending.rank,
                score: item.trending.score,
                votes24h: item.trending.votes24h,
                votesPerHour: item.trending.votesPerHour,
              },
            }
          : {}),
      })),
      nextCursor: result.nextCursor,
    });
  });
}
