import type { Metadata } from "next";
import Link from "next/link";
import { SignedOutPage } from "@/components/signed-out-page";
import { FeedPage } from "@/components/feed-page";
import { readerListPage, type ReaderListProps } from "@/app/_components/reader-list-page";
import { readerLayer } from "@/app/_components/reader-layer";
import { votingFor } from "@/app/_components/voting";
import { withQuery } from "@/lib/papers/categories";
import { plural } from "@/lib/format";
import { followReasons, getFollowingFeed, listFollows } from "@/lib/reader/follows";

export const metadata: Metadata = { title: "Following" };

const PAGE_SIZE = 30;

export default async function FollowingPage(props: ReaderListProps) {
  const page = await readerListPage("/following", props);
  if (!page) {
    return (
      <SignedOutPage title="Following" path="/following">
        Follow authors and arXiv categories, and their new papers gather here, newest first.
      </SignedOutPage>
    );
  }
  const { viewer, offset, here } = page;
  const [feed, follows] = await Promise.all([
    getFollowingFeed(viewer, { limit: PAGE_SIZE, offset }),
    listFollows(viewer),
  ]);
  const [voting, reader] = await Promise.all([
    votingFor(
      feed.items.map((item) => item.arxivId),
      here,
    ),
    readerLayer(feed.items, here),
  ]);
  const papers = reader.items.map((item) => ({ ...item, followedBecause: followReasons(item) }));
  return (
    <>
      <FeedPage
        heading="Following"
        explanation="papers by the authors and in the categories you follow, newest first"
        papers={papers}
        voting={voting}
        saving={reader.saving}
        personal={reader.personal}
        firstRank={offset + 1}
        nextHref={feed.nextCursor ? withQuery("/following", { cursor: feed.nextCursor }) : null}
        emptyText={
          follows.authors.length + follows.categories.length === 0
            ? "You follow no author or category yet: follow one from an author page, a paper page, or a feed narrowed to a category."
            : "No paper by the authors or in the categories you follow yet."
        }
      />
      <p className="mt-6 text-sm text-stone-700 dark:text-stone-300" data-testid="follows-summary">
        You follow {plural(follows.authors.length, "author")},{" "}
        {plural(follows.categories.length, "category", "categories")} and {plural(follows.papers.length, "discussion")}{" "}
        ·{" "}
        <Link href="/following/manage" className="underline">
          manage what you follow
        </Link>
      </p>
    </>
  );
}
