import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { FeedPage } from "@/components/feed-page";
import { FollowButton } from "@/components/follow-button";
import { paperHref } from "@/components/paper-list";
import { cursorFrom } from "@/app/_components/feed-view";
import { readerLayer } from "@/app/_components/reader-layer";
import { votingFor } from "@/app/_components/voting";
import { followFormAction } from "@/app/actions/follows";
import { withQuery } from "@/lib/categories";
import { encodeCursor } from "@/lib/feeds";
import { followReasons, getFollowingFeed, listFollows } from "@/lib/follows";
import { getViewer } from "@/lib/viewer";

export const metadata: Metadata = { title: "Following" };

const PAGE_SIZE = 30;

export default async function FollowingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await connection();
  const viewer = await getViewer();
  if (!viewer) {
    return (
      <div className="mt-6 max-w-xl">
        <h1 className="font-serif text-xl font-semibold">Following</h1>
        <p className="mt-2 text-stone-700 dark:text-stone-300">
          Follow authors and arXiv categories, and their new papers gather here, newest first.{" "}
          <Link href="/signin?callbackUrl=%2Ffollowing" className="text-accent underline dark:text-accent-dark">
            Sign in
          </Link>{" "}
          to see yours.
        </p>
      </div>
    );
  }
  const offset = cursorFrom(await searchParams) ?? 0;
  const here = withQuery("/following", { cursor: offset > 0 ? encodeCursor(offset) : undefined });
  const [feed, follows] = await Promise.all([getFollowingFeed(viewer, { limit: PAGE_SIZE, offset }), listFollows(viewer)]);
  const [voting, reader] = await Promise.all([
    votingFor(
      feed.items.map((item) => item.arxivId),
      here,
    ),
    readerLayer(feed.items, here),
  ]);
  const papers = reader.items.map((item) => ({ ...item, followedBecause: followReasons(item) }));
  const unfollow = { following: true, returnTo: here, signInHref: null, formAction: followFormAction, size: "small" as const };
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
      <section className="mt-8 text-sm" aria-labelledby="follows-heading">
        <h2 id="follows-heading" className="font-semibold">
          What you follow
        </h2>
        <h3 className="mt-3 text-stone-600 dark:text-stone-400">Authors</h3>
        {follows.authors.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400">None yet.</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" data-testid="followed-authors">
            {follows.authors.map((author) => (
              <li key={author.name} className="flex items-center gap-1.5">
                <Link href={`/authors/${encodeURIComponent(author.name)}`} className="hover:underline">
                  {author.name}
                </Link>
                <FollowButton kind="author" value={author.name} label={author.name} {...unfollow} />
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-3 text-stone-600 dark:text-stone-400">Categories</h3>
        {follows.categories.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" data-testid="followed-categories">
            {follows.categories.map((category) => (
              <li key={category.category} className="flex items-center gap-1.5">
                <Link href={withQuery("/new", { category: category.category })} className="font-mono hover:underline">
                  {category.category}
                </Link>
                <FollowButton kind="category" value={category.category} label={category.category} {...unfollow} />
              </li>
            ))}
          </ul>
        )}
        <form action={followFormAction} className="mt-2 flex flex-wrap items-center gap-2">
          <input type="hidden" name="kind" value="category" />
          <input type="hidden" name="follow" value="true" />
          <input type="hidden" name="returnTo" value="/following" />
          <label htmlFor="follow-category">Follow a category</label>
          <input
            id="follow-category"
            name="key"
            required
            maxLength={40}
            placeholder="cs.CL"
            className="w-28 rounded border border-stone-300 bg-transparent px-1.5 py-0.5 font-mono dark:border-stone-600"
          />
          <button type="submit" className="cursor-pointer rounded border border-stone-300 px-2 py-0.5 dark:border-stone-600">
            Follow
          </button>
        </form>
        <h3 className="mt-3 text-stone-600 dark:text-stone-400">Discussions</h3>
        {follows.papers.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400">None: commenting on a paper or submitting it follows its discussion.</p>
        ) : (
          <ul className="mt-1 space-y-1" data-testid="followed-discussions">
            {follows.papers.slice(0, 100).map((paper) => (
              <li key={paper.arxivId} className="flex items-center gap-2">
                <Link href={paperHref(paper.arxivId)} className="hover:underline">
                  {paper.title}
                </Link>
                <FollowButton kind="paper" value={paper.arxivId} label={`the discussion of ${paper.title}`} {...unfollow} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
