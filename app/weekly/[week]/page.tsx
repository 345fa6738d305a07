import type { Metadata } from "next";
import { connection } from "next/server";
import { PeriodFeed } from "@/app/_components/period-feed";

interface Props {
  params: Promise<{ week: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Weekly · ${(await params).week}` };
}

export default async function WeeklyPage({ params, searchParams }: Props) {
  await connection();
  return <PeriodFeed feed="weekly" periodKey={(await params).week} searchParams={await searchParams} />;
}
