import Link from "next/link";
import { PaperList, type PaperListItem, type Voting } from "@/components/paper-list";

export function FeedPage(props: {
  heading: string;
  explanation: React.ReactNode;
  nav?: React.ReactNode;
  papers: PaperListItem[];
  voting: Voting;
  firstRank: number;
  nextHref: string | null;
  emptyText?: string;
  feedLinks?: React.ReactNode;
}) {
  return (
    <>
      <div className="mt-4 mb-1 flex flex-wrap items-baseline gap-x-3">
        <h1 className="font-serif text-xl font-semibold">{props.heading}</h1>
        <p className="text-sm text-stone-500">{props.explanation}</p>
      </div>
      {props.nav}
      <PaperList papers={props.papers} voting={props.voting} firstRank={props.firstRank} emptyText={props.emptyText} />
      {props.nextHref && (
        <nav aria-label="Pages" className="mt-4 text-sm">
          <Link href={props.nextHref} className="hover:underline" rel="next">
            More →
          </Link>
        </nav>
      )}
    </>
  );
}
