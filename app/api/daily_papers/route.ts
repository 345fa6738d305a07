import { NextResponse } from "next/server";
import { getApiCaller, handleApi } from "@/lib/http/api";
import { followReasons, getFollowingFeed } from "@/lib/reader/follows";
import { listDailyPapers, parseDailyPapersQuery } from "@/lib/ranking/daily-papers";
import { dailyPaperToJson } from "@/lib/papers/paper-json";

/** GET /api/daily_papers?date=|week=|month=&submitter=&sort=publishedAt|trending&p=&limit=&feed=following: Hugging Face's daily list, as an array. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const query = parseDailyPapersQuery(new URL(request.url).searchParams);
    if (query.feed === "following") {
      // The caller's own list: a session or a personal token (an hf_ token is no caller here).
      const { viewer } = await getApiCaller(request);
      const { items } = await getFollowingFeed(viewer, { limit: query.limit, offset: query.p * query.limit });
      return NextResponse.json(
        items.map((paper) => dailyPaperToJson(paper, { followedBecause: followReasons(paper) })),
        { headers: { "Cache-Control": "private, no-store" } },
      );
    }
    const items = await listDailyPapers(query);
    return NextResponse.json(items.map((paper) => dailyPaperToJson(paper)));
  });
}
