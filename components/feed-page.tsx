import { PaperList, type PaperListItem, type Voting } from "@/components/paper-list";
import { Pager } from "@/components/pager";

export function FeedPage(props: {
  heading: string;
  explanation: string;
  papers: PaperListItem[];
  voting: Voting;
  page: number;
  pageSize: number;
  basePath: string;
  hasMore: boolean;
}) {
  return (
    <>
      <div className="mt-4 mb-1 flex flex-wrap items-baseline gap-x-3">
        <h1 className="font-serif text-xl font-semibold">{props.heading}</h1>
        <p className="text-sm text-stone-500">{props.explanation}</p>
      </div>
      <PaperList papers={props.papers} voting={props.voting} firstRank={(props.page - 1) * props.pageSize + 1} />
      <Pager basePath={props.basePath} page={props.page} hasMore={props.hasMore} />
    </>
  );
}
