import Link from "next/link";
import { CategoryFilter, type CategoryFilterProps } from "@/components/category-filter";
import { FeedShortcuts } from "@/components/feed-shortcuts";
import { PaperList, type PaperListItem, type Voting } from "@/components/paper-list";
import { Flash } from "@/components/flash";
import type { Saving } from "@/components/save-button";

export function FeedPage(props: {
  heading: string;
  explanation: React.ReactNode;
  nav?: React.ReactNode;
  papers: PaperListItem[];
  voting: Voting;
  firstRank: number;
  dates?: "published" | "added";
  nextHref: string | null;
  emptyText?: string;
  feedLinks?: React.ReactNode;
  /** The category filter; omitted on lists that cannot be narrowed. */
  filter?: CategoryFilterProps;
  /** The reader's Save buttons. */
  saving?: Saving;
  /** The reader's own controls under the filter (hide-seen, follow this category). */
  personal?: React.ReactNode;
}) {
  return (
    <>
      <Flash />
      <div className="mt-4 mb-1 flex flex-wrap items-baseline gap-x-3">
        <h1 className="font-serif text-xl font-semibold">{props.heading}</h1>
        <p className="text-sm text-stone-500">{props.explanation}</p>
      </div>
      {props.nav}
      {props.filter && <CategoryFilter {...props.filter} />}
      {props.personal}
      <FeedShortcuts>
        <PaperList
          papers={props.papers}
          voting={props.voting}
          saving={props.saving}
          firstRank={props.firstRank}
          emptyText={props.emptyText}
          dates={props.dates}
        />
        {(props.nextHref || props.feedLinks) && (
          <div className="mt-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
            {props.nextHref ? (
              <nav aria-label="Pages">
                <Link href={props.nextHref} className="hover:underline" rel="next">
                  More →
                </Link>
              </nav>
            ) : (
              <span />
            )}
            {props.feedLinks}
          </div>
        )}
      </FeedShortcuts>
    </>
  );
}
