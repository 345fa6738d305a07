import type { Metadata } from "next";
import { connection } from "next/server";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";

export const metadata: Metadata = { title: "New papers" };

export default async function NewPapersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const params = await searchParams;
  return (
    <FeedView
      result={await loadFeed("new", {}, params, 50)}
      path="/new"
      heading="New papers"
      explanation="most recently added first"
      offset={cursorFrom(params) ?? 0}
    />
  );
}
