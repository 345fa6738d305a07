import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Flash } from "@/components/flash";
import { FollowButton } from "@/components/follow-button";
import { followFormAction } from "@/app/actions/follows";
import { withQuery } from "@/lib/papers/categories";
import { listFollows } from "@/lib/reader/follows";
import { getViewer } from "@/lib/identity/viewer";
import { authorHref, paperHref, signInHref } from "@/lib/http/urls";

export const metadata: Metadata = { title: "What you follow" };

/**
 * Everything a reader follows, each with its Unfollow button, and a form to follow a
 * category. Apart from /following, so that the feed does not carry a form per followed
 * author (500 of them for a heavy reader).
 */
export default async function ManageFollowsPage() {
  await connection();
  const viewer = await getViewer();
  if (!viewer) {
    return (
      <div className="mt-6 max-w-xl">
        <h1 className="font-serif text-xl font-semibold">What you follow</h1>
        <p className="mt-2 text-stone-700 dark:text-stone-300">
          <Link href={signInHref("/following/manage")} className="text-accent underline dark:text-accent-dark">
            Sign in
          </Link>{" "}
          to see what you follow.
        </p>
      </div>
    );
  }
  const follows = await listFollows(viewer);
  const here = "/following/manage";
  const unfollow = {
    following: true,
    returnTo: here,
    signInHref: null,
    formAction: followFormAction,
    size: "small" as const,
  };
  return (
    <div className="mt-4">
      <Flash />
      <h1 className="font-serif text-xl font-semibold">What you follow</h1>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Their new papers are on{" "}
        <Link href="/following" className="underline">
          your Following feed
        </Link>
        .
      </p>
      <section className="mt-4 text-sm">
        <h2 className="mt-3 font-semibold text-stone-600 dark:text-stone-400">Authors</h2>
        {follows.authors.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400">None yet.</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" data-testid="followed-authors">
            {follows.authors.map((author) => (
              <li key={author.name} className="flex items-center gap-1.5">
                <Link href={authorHref(author.name)} className="hover:underline">
                  {author.name}
                </Link>
                <FollowButton kind="author" value={author.name} label={author.name} {...unfollow} />
              </li>
            ))}
          </ul>
        )}
        <h2 className="mt-3 font-semibold text-stone-600 dark:text-stone-400">Categories</h2>
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
          <input type="hidden" name="returnTo" value="/following/manage" />
          <label htmlFor="follow-category">Follow a category</label>
          <input
            id="follow-category"
            name="key"
            required
            maxLength={40}
            placeholder="cs.CL"
            className="w-28 rounded border border-stone-300 bg-transparent px-1.5 py-0.5 font-mono dark:border-stone-600"
          />
          <button
            type="submit"
            className="cursor-pointer rounded border border-stone-300 px-2 py-0.5 dark:border-stone-600"
          >
            Follow
          </button>
        </form>
        <h2 className="mt-3 font-semibold text-stone-600 dark:text-stone-400">Discussions</h2>
        {follows.papers.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400">
            None: commenting on a paper or submitting it follows its discussion.
          </p>
        ) : (
          <ul className="mt-1 space-y-1" data-testid="followed-discussions">
            {follows.papers.slice(0, 100).map((paper) => (
              <li key={paper.arxivId} className="flex items-center gap-2">
                <Link href={paperHref(paper.arxivId)} className="hover:underline">
                  {paper.title}
                </Link>
                <FollowButton
                  kind="paper"
                  value={paper.arxivId}
                  label={`the discussion of ${paper.title}`}
                  {...unfollow}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
