import type { Metadata } from "next";
import { connection } from "next/server";
import { PeriodFeed } from "@/app/_components/period-feed";

interface Props {
  params: Promise<{ date: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Daily · ${(await params).date}` };
}

export default async function DailyPage({ params, searchParams }: Props) {
  await connection();
  return <PeriodFeed feed="daily" periodKey={(await params).date} searchParams={await searchParams} />;
}
