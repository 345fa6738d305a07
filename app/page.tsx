import { connection } from "next/server";
import { FeedPage } from "@/components/feed-page";
import { listPapers } from "@/lib/papers";
import { pageNumber } from "@/lib/page-params";
import { votingFor } from "@/app/_components/voting";

const PAGE_SIZE = 100;

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const page = pageNumber((await searchParams).page);
  const papers = await listPapers({ order: "upvotes", limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  const shown = papers.slice(0, PAGE_SIZE);
  const voting = await votingFor(
    shown.map((paper) => paper.arxivId),
    page === 1 ? "/" : `/?page=${page}`,
  );
  return (
    <FeedPage
      heading="Top papers"
      explanation="by upvotes"
      papers={shown}
      voting={voting}
      page={page}
      pageSize={PAGE_SIZE}
      basePath="/"
      hasMore={papers.length > PAGE_SIZE}
    />
  );
}
