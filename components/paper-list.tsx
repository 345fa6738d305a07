import Link from "next/link";
import { TexText } from "@/components/tex-text";
import { UpvoteButton } from "@/components/upvote-button";
import { authorsLine, displayUrl, formatDate, plural } from "@/lib/format";

export interface PaperListItem {
  arxivId: string;
  title: string;
  publishedOn: string | null;
  authors: string[];
  authorCount: number;
  upvotes: number;
  commentCount: number;
  codeUrl: string | null;
}

/** What a list needs to render working upvote controls for the current reader. */
export interface Voting {
  /** arXiv ids the reader has upvoted among those listed. */
  upvoted: string[];
  /** Null when signed in; else where a click leads. */
  signInHref: string | null;
  formAction: (formData: FormData) => Promise<void>;
}

export function paperHref(arxivId: string): string {
  return `/papers/${arxivId}`;
}

function PaperRow({ paper, rank, voting }: { paper: PaperListItem; rank: number; voting: Voting }) {
  const published = formatDate(paper.publishedOn);
  return (
    <li className="flex gap-3 py-2.5" data-testid="paper-card" data-arxiv-id={paper.arxivId}>
      <span className="w-6 shrink-0 pt-0.5 text-right text-sm tabular-nums text-stone-400">{rank}.</span>
      <UpvoteButton
        arxivId={paper.arxivId}
        upvoted={voting.upvoted.includes(paper.arxivId)}
        upvotes={paper.upvotes}
        signInHref={voting.signInHref}
        formAction={voting.formAction}
      />
      <div className="min-w-0 flex-1">
        <h2 className="text-[15px] leading-snug font-medium">
          <Link href={paperHref(paper.arxivId)} className="hover:underline">
            <TexText text={paper.title} />
          </Link>
        </h2>
        <p className="mt-0.5 text-[13px] text-stone-600 dark:text-stone-400">
          <span>{authorsLine(paper.authors, paper.authorCount)}</span>
          {published && <span> · {published}</span>}
          <span>
            {" · "}
            <Link href={`${paperHref(paper.arxivId)}#discussion`} className="hover:underline">
              {paper.commentCount === 0 ? "discuss" : plural(paper.commentCount, "comment")}
            </Link>
          </span>
          {paper.codeUrl && (
            <span>
              {" · "}
              <a href={paper.codeUrl} className="hover:underline" rel="noopener" title={displayUrl(paper.codeUrl)}>
                code
              </a>
            </span>
          )}
        </p>
      </div>
    </li>
  );
}

export function PaperList({
  papers,
  voting,
  firstRank = 1,
  emptyText = "No papers here yet.",
}: {
  papers: PaperListItem[];
  voting: Voting;
  firstRank?: number;
  emptyText?: string;
}) {
  if (papers.length === 0) {
    return <p className="py-4 text-stone-500">{emptyText}</p>;
  }
  return (
    <ol className="divide-y divide-stone-200 dark:divide-stone-800">
      {papers.map((paper, index) => (
        <PaperRow key={paper.arxivId} paper={paper} rank={firstRank + index} voting={voting} />
      ))}
    </ol>
  );
}
