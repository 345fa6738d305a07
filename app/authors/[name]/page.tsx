import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PaperList } from "@/components/paper-list";
import { FollowButton } from "@/components/follow-button";
import { votingFor } from "@/app/_components/voting";
import { followFormAction } from "@/app/actions/follows";
import { saveFormAction } from "@/app/actions/reading-list";
import { countAuthorFollowers, getFollowState } from "@/lib/reader/follows";
import { plural } from "@/lib/format";
import { decodePathSegment } from "@/lib/http/path-segment";
import { getSavedArxivIds } from "@/lib/reader/reading-list";
import { sharedAuthorPapers } from "@/lib/cache/shared-reads";
import { getViewer } from "@/lib/identity/viewer";
import { authorHref, signInHref } from "@/lib/http/urls";
import { Flash } from "@/components/flash";

interface Props {
  params: Promise<{ name: string }>;
}

function nameOf(raw: string): string {
  return (decodePathSegment(raw) ?? "").trim().slice(0, 200);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: nameOf((await params).name) || "Author" };
}

export default async function AuthorPage({ params }: Props) {
  await connection();
  const name = nameOf((await params).name);
  const papers = name ? await sharedAuthorPapers(name) : [];
  if (papers.length === 0) notFound();
  const path = authorHref(name);
  const viewer = await getViewer();
  const signIn = viewer ? null : signInHref(path);
  // Follows are by the name exactly as arXiv spells it: the page's name as typed in the URL
  // may differ in case (the listing matches any case), so follow the spelling on the papers.
  const spelled =
    papers.flatMap((paper) => paper.authors).find((author) => author === name) ??
    papers.flatMap((paper) => paper.authors).find((author) => author.toLowerCase() === name.toLowerCase()) ??
    name;
  const [voting, followers, state, saved] = await Promise.all([
    votingFor(
      papers.map((paper) => paper.arxivId),
      path,
    ),
    countAuthorFollowers(spelled),
    getFollowState(viewer?.id, { authors: [spelled] }),
    getSavedArxivIds(
      viewer?.id,
      papers.map((paper) => paper.arxivId),
    ),
  ]);
  return (
    <div className="mt-4">
      <Flash />
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="font-serif text-xl font-semibold">{name}</h1>
        <FollowButton
          kind="author"
          value={spelled}
          label={spelled}
          following={state.authors.has(spelled)}
          returnTo={path}
          signInHref={signIn}
          formAction={followFormAction}
        />
        <span className="text-sm text-stone-600 dark:text-stone-400" data-testid="author-followers">
          {plural(followers, "follower")}
        </span>
      </div>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        {papers.length === 1 ? "1 paper" : `${papers.length} papers`} on Paperboard, newest first
      </p>
      <PaperList
        papers={papers}
        voting={voting}
        saving={{ saved: [...saved], signInHref: signIn, returnTo: path, formAction: saveFormAction }}
      />
    </div>
  );
}
