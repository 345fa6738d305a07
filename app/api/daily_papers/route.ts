import { NextResponse } from "next/server";
import { handleApi } from "@/lib/api";
import { listDailyPapers, parseDailyPapersQuery } from "@/lib/daily-papers";
import { dailyPaperToJson } from "@/lib/paper-json";

/** GET /api/daily_papers?date=|week=|month=&submitter=&sort=publishedAt|trending&p=&limit=: Hugging Face's daily list, as an array. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const query = parseDailyPapersQuery(new URL(request.url).searchParams);
    const items = await listDailyPapers(query);
    return NextResponse.json(items.map((paper) => dailyPaperToJson(paper)));
  });
}
