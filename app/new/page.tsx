import type { Metadata } from "next";
import { connection } from "next/server";
import { FeedPage } from "@/components/feed-page";
import { listPapers } from "@/lib/papers";
import { pageNumber } from "@/lib/page-params";
import { votingFor } from "@/app/_components/voting";

export const metadata: Metadata = { title: "New papers" };

const PAGE_SIZE = 50;

export default async function NewPapersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const page = pageNumber((await searchParams).page);
  const papers = await listPapers({ order: "new", limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  const shown = papers.slice(0, PAGE_SIZE);
  const voting = await votingFor(
    shown.map((paper) => paper.arxivId),
    page === 1 ? "/new" : `/new?page=${page}`,
  );
  return (
    <FeedPage
      heading="New papers"
      explanation="most recently added first"
      papers={shown}
      voting={voting}
      page={page}
      pageSize={PAGE_SIZE}
      basePath="/new"
      hasMore={papers.length > PAGE_SIZE}
    />
  );
}
