import type { Metadata } from "next";
import { connection } from "next/server";
import { FeedView, cursorFrom, loadFeed } from "@/app/_components/feed-view";
import { categoryFrom } from "@/lib/papers/categories";
import { feedAlternates } from "@/lib/syndication/feed-documents";

type SearchParams = Promise<Record<string, string | string[]>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const category = categoryFrom(await searchParams);
  return {
    title: category ? `New papers in ${category}` : "New papers",
    alternates: {
      types: feedAlternates({ kind: "new", category }, category ? `New papers in ${category}` : "New papers"),
    },
  };
}

export default async function NewPapersPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const params = await searchParams;
  const category = categoryFrom(params);
  return (
    <FeedView
      result={await loadFeed("new", {}, params, 50)}
      path="/new"
      heading="New papers"
      explanation="most recently added first"
      offset={cursorFrom(params) ?? 0}
      category={category}
      feedSource={{ kind: "new", category }}
    />
  );
}
