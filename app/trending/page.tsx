import { connection } from "next/server";
import { redirect } from "next/navigation";
import { latestSnapshotDate } from "@/lib/ranking/trending";
import { parseDay } from "@/lib/ranking/periods";
import { categoryFrom, withQuery } from "@/lib/papers/categories";
import { trendingSnapshotHref } from "@/lib/http/urls";

/** /trending: to the day the picker asked for, or to the latest daily snapshot. */
export default async function TrendingIndex({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await connection();
  const query = await searchParams;
  // The category survives the date picker, which submits here.
  const keep = { category: categoryFrom(query) };
  const asked = query.date;
  if (typeof asked === "string" && parseDay(asked)) redirect(withQuery(trendingSnapshotHref(asked), keep));
  const latest = await latestSnapshotDate();
  redirect(withQuery(latest ? trendingSnapshotHref(latest) : "/", keep));
}
