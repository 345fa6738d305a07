import { connection } from "next/server";
import { redirect } from "next/navigation";
import { latestSnapshotDate } from "@/lib/trending";
import { parseDay } from "@/lib/periods";

/** /trending: to the day the picker asked for, or to the latest daily snapshot. */
export default async function TrendingIndex({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const asked = (await searchParams).date;
  if (typeof asked === "string" && parseDay(asked)) redirect(`/trending/${asked}`);
  const latest = await latestSnapshotDate();
  redirect(latest ? `/trending/${latest}` : "/");
}
