import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { requireCronSecret } from "@/lib/http/cron-secret";
import { AppError } from "@/lib/errors";
import { parseDay } from "@/lib/ranking/periods";
import { catchUpTrendingSnapshots, writeTrendingSnapshot } from "@/lib/ranking/trending";

/**
 * For an external scheduler (cron, a platform's scheduled jobs): catches up on missing
 * daily snapshots, or rewrites one day with ?date=YYYY-MM-DD.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    requireCronSecret(request);
    const date = new URL(request.url).searchParams.get("date");
    if (date !== null) {
      if (!parseDay(date)) throw new AppError(400, "date: must be a real day as YYYY-MM-DD", { field: "date" });
      const papers = await writeTrendingSnapshot(date);
      return NextResponse.json({ written: [date], papers });
    }
    return NextResponse.json({ written: await catchUpTrendingSnapshots() });
  });
}
