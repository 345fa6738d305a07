import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { TexText } from "@/components/tex-text";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import {
  authorHref,
  ogImagePath,
  paperHref,
  paperMarkdownPath,
  profileHref,
  signInHref,
  trendingSnapshotHref,
} from "@/lib/http/urls";
import { authorsLine, displayUrl, formatDate } from "@/lib/format";
import { sharedPaper, sharedPaperActivity } from "@/lib/cache/shared-reads";
import { plainTexText } from "@/lib/discussion/tex";
import { VoteHistoryChart } from "@/components/vote-history-chart";
import { CommentThread } from "@/components/comment-thread";
import { getCommentTree } from "@/lib/discussion/comments";
import { pageOfThread, positiveIntegerParam } from "@/lib/discussion/comment-pages";
import { BANNED_MESSAGE, isModerator } from "@/lib/moderation/moderation";
import { getReaderTemplate, getViewer } from "@/lib/identity/viewer";
import {
  deleteCommentAction,
  editCommentAction,
  postCommentAction,
  previewCommentAction,
  reportCommentAction,
  voteCommentAction,
} from "@/app/actions/comments";
import { hideCommentAction } from "@/app/actions/moderation";
import { Avatar } from "@/components/avatar";
import { LabelledSection } from "@/components/labelled-section";
import { UpvoteButton } from "@/components/upvote-button";
import { votingFor } from "@/app/_components/voting";
import { BibtexBlock } from "@/components/bibtex-block";
import { FeedLinks } from "@/components/feed-links";
import { bibtexEntry } from "@/lib/papers/bibtex";
import { getEnv } from "@/lib/env";
import { feedAlternates } from "@/lib/syndication/feed-documents";
import { clip } from "@/lib/papers/og-image";
import { Flash } from "@/components/flash";
import { GithubStars } from "@/components/github-stars";
import { FollowButton } from "@/components/follow-button";
import { SaveButton } from "@/components/save-button";
import { followFormAction } from "@/app/actions/follows";
import { saveFormAction } from "@/app/actions/reading-list";
import { getFollowState } from "@/lib/reader/follows";
import { getSavedArxivIds, recordPaperOpen } from "@/lib/reader/reading-list";

/** Follow buttons offered on a paper page: enough for any paper but a collaboration's. */
const MAX_FOLLOWABLE_AUTHORS = 50;
/** The style of this page's section headings. */
const sectionHeading = "text-sm font-semibold tracking-wide text-stone-500 uppercase";

interface Props {
  params: Promise<{ arxivId: string[] }>;
  searchParams: Promise<Record<string, string | string[]>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const paper = await sharedPaper(arxivIdFromSegments((await params).arxivId));
  if (!paper) return { title: "Paper not found" };
  const site = getEnv().SITE_URL;
  const title = plainTexText(paper.title).replace(/\s+/g, " ").trim();
  // Link previews show a couple of lines: the abstract's start, cut at a word.
  const description =
    clip(plainTexText(paper.abstract).replace(/\s+/g, " ").trim(), 300) ||
    `arXiv:${paper.arxivId} by ${authorsLine(paper.authors)}`;
  const url = site + paperHref(paper.arxivId);
  const image = { url: site + ogImagePath(paper.arxivId), width: 1200, height: 630, alt: title };
  return {
    title,
    description,
    alternates: {
      canonical: url,
      types: {
        ...feedAlternates({ kind: "comments", arxivId: paper.arxivId }, `Comments on ${title}`),
        // The same page as markdown, which scripts and language-model agents read best.
        "text/markdown": [{ url: site + paperMarkdownPath(paper.arxivId), title: `${title} (markdown)` }],
      },
    },
    openGraph: {
      type: "article",
      siteName: "Paperboard",
      title,
      description,
      url,
      images: [image],
      ...(paper.publishedOn ? { publishedTime: paper.publishedOn } : {}),
      authors: paper.authors.slice(0, 10),
      tags: paper.categories,
    },
    twitter: { card: "summary_large_image", title, description, images: [image] },
  };
}

export default async function PaperPage({ params, searchParams }: Props) {
  await connection();
  const requested = arxivIdFromSegments((await params).arxivId);
  const paper = await sharedPaper(requested);
  if (!paper) notFound();
  // One URL per paper: versions and other accepted forms lead to the canonical one.
  if (requested !== paper.arxivId) permanentRedirect(paperHref(paper.arxivId));

  const query = await searchParams;
  const order = query.comments === "new" ? "new" : "best";
  const [viewer, template] = await Promise.all([getViewer(), getReaderTemplate()]);
  // The shared part (the paper, its activity, the thread) comes from the shared cache; the
  // reader's own part (their vote, their comment controls) is read for them alone.
  // Authors and categories offered to follow: a paper with hundreds of authors offers the first ones.
  const followable = paper.authors.slice(0, MAX_FOLLOWABLE_AUTHORS);
  const [voting, { voters, history, bestRank }, thread, follows, saved] = await Promise.all([
    votingFor([paper.arxivId], paperHref(paper.arxivId)),
    sharedPaperActivity(paper),
    getCommentTree(paper.arxivId, order, viewer),
    getFollowState(viewer?.id, { authors: followable, categories: paper.categories, paperId: paper.id }),
    getSavedArxivIds(viewer?.id, [paper.arxivId]),
    // What "hide papers I have opened" hides: one row per reader and paper, first time only
    // (the reader overlay records it for the readers it makes this page for; a template
    // reader, lib/cache/reader-overlay.ts, is nobody).
    viewer && !template ? recordPaperOpen(viewer.id, paper.id) : Promise.resolve(),
  ]);
  const here = paperHref(paper.arxivId);
  const signIn = viewer ? null : signInHref(here);
  const follow = { returnTo: here, signInHref: signIn, formAction: followFormAction, size: "small" as const };
  // One page of the discussion: the one asked for, or the one holding a linked comment.
  const threadPage = pageOfThread(thread, {
    page: positiveIntegerParam(query.page),
    commentId: positiveIntegerParam(query.comment),
  });
  const published = formatDate(paper.publishedOn);
  const links = [
    { href: paper.absUrl, label: "arXiv" },
    { href: paper.pdfUrl, label: "PDF" },
    ...(paper.codeUrl ? [{ href: paper.codeUrl, label: `Code (${displayUrl(paper.codeUrl)})` }] : []),
    ...(paper.projectUrl ? [{ href: paper.projectUrl, label: "Project page" }] : []),
  ];

  return (
    <article className="mt-5">
      <Flash />
      <p className="text-sm text-stone-500">
        <span className="font-mono">arXiv:{paper.arxivId}</span>
        {published ? <> · published {published}</> : <> · publication date unknown</>}
      </p>
      <h1 className="mt-1 font-serif text-2xl leading-tight font-semibold sm:text-[28px]">
        <TexText text={paper.title} />
      </h1>
      <p className="mt-2 text-[15px] text-stone-700 dark:text-stone-300" data-testid="paper-authors">
        {paper.authors.length > 0
          ? paper.authors.map((author, index) => (
              <span key={index}>
                {index > 0 && ", "}
                <Link href={authorHref(author)} className="hover:underline">
                  {author}
                </Link>
              </span>
            ))
          : "Unknown authors"}
      </p>
      {(followable.length > 0 || paper.categories.length > 0) && (
        <details className="mt-1 text-sm" data-testid="follow-authors">
          <summary className="cursor-pointer text-stone-600 dark:text-stone-400">Follow authors and categories</summary>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {followable.map((author) => (
              <li key={`a:${author}`} className="flex items-center gap-1.5">
                <span>{author}</span>
                <FollowButton
                  kind="author"
                  value={author}
                  label={author}
                  following={follows.authors.has(author)}
                  {...follow}
                />
              </li>
            ))}
            {paper.categories.map((category) => (
              <li key={`c:${category}`} className="flex items-center gap-1.5">
                <span className="font-mono">{category}</span>
                <FollowButton
                  kind="category"
                  value={category}
                  label={category}
                  following={follows.categories.has(category)}
                  {...follow}
                />
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <UpvoteButton
          size="page"
          arxivId={paper.arxivId}
          upvoted={voting.upvoted.includes(paper.arxivId)}
          upvotes={paper.upvotes}
          signInHref={voting.signInHref}
          formAction={voting.formAction}
        />
        <SaveButton
          arxivId={paper.arxivId}
          size="page"
          saving={{ saved: [...saved], signInHref: signIn, returnTo: here, formAction: saveFormAction }}
        />
        <FollowButton
          kind="paper"
          value={paper.arxivId}
          label="this discussion"
          following={follows.paper}
          returnTo={here}
          signInHref={signIn}
          formAction={followFormAction}
        />
        {links.map((link) => (
          <a
            key={link.href}
            href={link.href}
            rel="noopener"
            className="text-accent hover:underline dark:text-accent-dark"
          >
            {link.label}
          </a>
        ))}
        {paper.githubStars !== null && (
          <span className="text-stone-600 dark:text-stone-400">
            <GithubStars stars={paper.githubStars} thisWeek={paper.githubStarsThisWeek} />
          </span>
        )}
      </div>

      <LabelledSection className="mt-5" headingId="abstract-heading" headingClassName={sectionHeading} title="Abstract">
        <p className="mt-1 max-w-[70ch] font-serif text-[17px] leading-relaxed" data-testid="paper-abstract">
          {paper.abstract ? <TexText text={paper.abstract} /> : <span className="text-stone-500">No abstract.</span>}
        </p>
      </LabelledSection>

      <LabelledSection
        className="mt-5"
        headingId="cite-heading"
        headingClassName={sectionHeading}
        title="Cite (BibTeX)"
      >
        <BibtexBlock bibtex={bibtexEntry(paper)} />
      </LabelledSection>

      <LabelledSection className="mt-6" headingId="history-heading" headingClassName={sectionHeading} title="Votes">
        <p className="mt-1 text-sm text-stone-600 dark:text-stone-400" data-testid="best-rank">
          {bestRank ? (
            <>
              Best daily trending rank: <strong>#{bestRank.rank}</strong> on{" "}
              <Link href={trendingSnapshotHref(bestRank.date)} className="underline">
                {formatDate(bestRank.date)}
              </Link>
            </>
          ) : (
            "Not in any daily trending list yet."
          )}
        </p>
        <VoteHistoryChart history={history} />
      </LabelledSection>

      {voters.length > 0 && (
        <LabelledSection
          className="mt-6"
          headingId="voters-heading"
          headingClassName={sectionHeading}
          title="Upvoted by"
        >
          <ul className="mt-2 flex flex-wrap gap-1.5" data-testid="voters">
            {voters.map((voter) => (
              <li key={voter.login}>
                <Link
                  href={profileHref(voter.login)}
                  title={voter.name ?? voter.login}
                  aria-label={voter.name ?? voter.login}
                >
                  <Avatar src={voter.image} name={voter.name ?? voter.login} size={24} />
                </Link>
              </li>
            ))}
          </ul>
        </LabelledSection>
      )}

      <p className="mt-6 text-sm text-stone-500">
        {paper.submitter ? (
          <>
            Submitted by{" "}
            <Link href={profileHref(paper.submitter.login)} className="hover:underline">
              {paper.submitter.name ?? paper.submitter.login}
            </Link>{" "}
            · added {formatDate(paper.addedAt)}
          </>
        ) : (
          <>Added {formatDate(paper.addedAt)}</>
        )}
      </p>

      <CommentThread
        arxivId={paper.arxivId}
        comments={threadPage.roots}
        count={paper.commentCount}
        order={order}
        page={threadPage.page}
        pageCount={threadPage.pageCount}
        actions={{
          post: postCommentAction,
          edit: editCommentAction,
          preview: previewCommentAction,
          remove: deleteCommentAction,
          vote: voteCommentAction,
          report: reportCommentAction,
          hide: hideCommentAction,
        }}
        viewer={{
          signedIn: viewer !== null,
          canWrite: viewer !== null && !viewer.banned,
          bannedMessage: BANNED_MESSAGE,
          moderator: isModerator(viewer),
          login: viewer?.login ?? null,
        }}
        signInHref={signInHref(here)}
      />
      <div className="mt-3">
        <FeedLinks source={{ kind: "comments", arxivId: paper.arxivId }} label="Follow the discussion" />
      </div>
    </article>
  );
}
