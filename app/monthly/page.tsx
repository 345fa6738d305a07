import { connection } from "next/server";
import { redirectToPeriod } from "@/app/_components/period-feed";

export default async function MonthlyIndex({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await connection();
  redirectToPeriod("monthly", await searchParams);
}
