import type { Metadata } from "next";
import Link from "next/link";

// Prerendered: the layout's session read sees no cookie here, and the header's account
// corner fills itself in the browser (app/layout.tsx).
export const dynamic = "force-static";

export const metadata: Metadata = { title: "About" };

/** What Paperboard is. No data: the one page that needs no database at all. */
export default function AboutPage() {
  return (
    <article className="mt-6 max-w-[70ch] leading-relaxed">
      <h1 className="font-serif text-2xl font-semibold">About Paperboard</h1>
      <p className="mt-3">
        Paperboard is a community paper-ranking site: researchers share arXiv papers, upvote the ones worth reading and
        discuss them in threads with markdown and LaTeX. The front page ranks papers by how fast they gain votes now, by
        a{" "}
        <Link href="/ranking" className="underline">
          published formula
        </Link>
        , and each day&apos;s ranking is kept as a dated feed.
      </p>
      <h2 className="mt-6 font-serif text-lg font-semibold">Feeds</h2>
      <ul className="mt-2 list-disc pl-5">
        <li>
          <Link href="/" className="underline">
            Trending
          </Link>
          : the live ranking by vote velocity, and from it{" "}
          <Link href="/trending" className="underline">
            each past day&apos;s trending list
          </Link>
          , as it stood at the end of the day.
        </li>
        <li>
          <Link href="/daily" className="underline">
            Daily
          </Link>
          ,{" "}
          <Link href="/weekly" className="underline">
            weekly
          </Link>{" "}
          and{" "}
          <Link href="/monthly" className="underline">
            monthly
          </Link>
          : papers added on a day, and the most upvoted of a week or month.
        </li>
        <li>
          <Link href="/new" className="underline">
            New
          </Link>
          : the most recently added papers.
        </li>
      </ul>
      <h2 className="mt-6 font-serif text-lg font-semibold">Community</h2>
      <p className="mt-2">
        Sign in with GitHub to vote and comment. Moderators keep the discussion civil, and every moderator action is
        listed in the public{" "}
        <Link href="/moderation" className="underline">
          moderation log
        </Link>
        .
      </p>
      <p className="mt-6 text-sm text-stone-500">
        Paperboard is open-source and self-hostable. Paper metadata comes from arXiv.
      </p>
    </article>
  );
}
