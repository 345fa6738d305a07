import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PaperList } from "@/components/paper-list";
import { votingFor } from "@/app/_components/voting";
import { sharedAuthorPapers } from "@/lib/shared-reads";
import { Flash } from "@/components/flash";

interface Props {
  params: Promise<{ name: string }>;
}

function nameOf(raw: string): string {
  try {
    return decodeURIComponent(raw).trim().slice(0, 200);
  } catch {
    return "";
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: nameOf((await params).name) || "Author" };
}

export default async function AuthorPage({ params }: Props) {
  await connection();
  const name = nameOf((await params).name);
  const papers = name ? await sharedAuthorPapers(name) : [];
  if (papers.length === 0) notFound();
  const voting = await votingFor(
    papers.map((paper) => paper.arxivId),
    `/authors/${encodeURIComponent(name)}`,
  );
  return (
    <div className="mt-4">
      <Flash />
      <h1 className="font-serif text-xl font-semibold">{name}</h1>
      <p className="text-sm text-stone-500">{papers.length === 1 ? "1 paper" : `${papers.length} papers`} on Paperboard, newest first</p>
      <PaperList papers={papers} voting={voting} />
    </div>
  );
}
