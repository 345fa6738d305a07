import type { Metadata } from "next";
import { connection } from "next/server";
import { PeriodFeed } from "@/app/_components/period-feed";

interface Props {
  params: Promise<{ month: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Monthly · ${(await params).month}` };
}

export default async function MonthlyPage({ params, searchParams }: Props) {
  await connection();
  return <PeriodFeed feed="monthly" periodKey={(await params).month} searchParams={await searchParams} />;
}
