import { NextResponse } from "next/server";
import { getApiCaller, getWritingViewer, handleApi, parseJsonBody } from "@/lib/http/api";
import type { FeedResponseJson } from "@/lib/http/api-schemas";
import { followReasons, getFollowingFeed, parseFollowingFeedQuery } from "@/lib/reader/follows";
import { AppError } from "@/lib/errors";
import { getPaper } from "@/lib/papers/papers";
import { submissionSchema, submitPaper } from "@/lib/intake/submissions";
import { getFeed, parseFeedQuery } from "@/lib/browse/feeds";
import { paperToJson } from "@/lib/papers/paper-json";

/**
 * GET /api/papers?feed=trending|daily|weekly|monthly|new|following&date=&week=&month=&category=&limit=&cursor=
 * feed=following is the caller's own (session or token; 401 anonymous), never cached.
 */
export async function GET(request: Request) {
  return handleApi(async () => {
    const params = new URL(request.url).searchParams;
    if (params.get("feed") === "following") {
      const query = parseFollowingFeedQuery(params);
      const { viewer } = await getApiCaller(request);
      const result = await getFollowingFeed(viewer, { limit: query.limit, offset: query.cursor ?? 0 });
      return NextResponse.json(
        {
          feed: "following",
          period: null,
          items: result.items.map((item) => paperToJson(item, { followedBecause: followReasons(item) })),
          nextCursor: result.nextCursor,
        } satisfies FeedResponseJson,
        { headers: { "Cache-Control": "private, no-store" } },
      );
    }
    const query = parseFeedQuery(params);
    const result = await getFeed(query);
    return NextResponse.json({
      feed: result.feed,
      period: result.period
        ? {
            key: result.period.key,
            label: result.period.label,
            previous: result.period.previous,
            next: result.period.next,
          }
        : null,
      items: result.items.map((item) => paperToJson(item)),
      nextCursor: result.nextCursor,
    } satisfies FeedResponseJson);
  });
}

/** POST /api/papers with {"arxivId", "codeUrl"?, "projectUrl"?}: 201 when added, 200 when already here. */
export async function POST(request: Request) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    if (!viewer) throw new AppError(401, "Sign in to submit papers.");
    const input = await parseJsonBody(request, submissionSchema);
    const result = await submitPaper(viewer, input);
    const paper = await getPaper(result.arxivId);
    return NextResponse.json(paperToJson(paper!), { status: result.created ? 201 : 200 });
  });
}
