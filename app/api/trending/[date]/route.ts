import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import type { SnapshotResponseJson } from "@/lib/http/api-schemas";
import { AppError } from "@/lib/errors";
import { paperToJson } from "@/lib/papers/paper-json";
import { parseDay } from "@/lib/ranking/periods";
import { getTrendingSnapshot, TRENDING_DEPTH } from "@/lib/ranking/trending";

/** GET /api/trending/{YYYY-MM-DD}: that day's snapshot, whole. */
export async function GET(_request: Request, context: { params: Promise<{ date: string }> }) {
  return handleApi(async () => {
    const { date } = await context.params;
    if (!parseDay(date)) throw new AppError(400, "date: must be a real day as YYYY-MM-DD", { field: "date" });
    const snapshot = await getTrendingSnapshot(date, { limit: TRENDING_DEPTH, offset: 0 });
    if (!snapshot.computed) throw new AppError(404, `There is no trending snapshot for ${date}.`);
    return NextResponse.json({
      date,
      previous: snapshot.previous,
      next: snapshot.next,
      items: snapshot.items.map((item) => paperToJson(item)),
    } satisfies SnapshotResponseJson);
  });
}
