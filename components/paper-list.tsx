import Link from "next/link";
import { TexText } from "@/components/tex-text";
import { UpvoteButton } from "@/components/upvote-button";
import { Sparkline } from "@/components/sparkline";
import { GithubStars } from "@/components/github-stars";
import { displayUrl, formatDate, formatRelative, NAMED_AUTHORS, plural } from "@/lib/format";
import { texPreview } from "@/lib/discussion/tex";
import type { CardOrder } from "@/lib/ranking/card-order";
import { authorHref, discussionHref, paperHref, profileHref } from "@/lib/http/urls";
import { SaveButton, type Saving } from "@/components/save-button";

export interface PaperListItem {
  arxivId: string;
  title: string;
  publishedOn: string | null;
  authors: string[];
  upvotes: number;
  commentCount: number;
  codeUrl: string | null;
  /** The code repository's GitHub stars and their gain over the last week. */
  githubStars?: number | null;
  githubStarsThisWeek?: number | null;
  /** On trending feeds: why the paper is here. */
  trending?: { rank: number; votes24h: number; votesPerHour: number; rankChange?: number | null };
  /** Hourly votes over the trending window (live feed). */
  sparkline?: number[];
  /** On weekly and monthly feeds: votes cast in the period. */
  periodVotes?: number;
  /** On search results: the abstract's best passage, matched words marked. */
  snippet?: { text: string; marked: boolean }[];
  /** The abstract (arXiv's TeX-flavoured text): its first lines, expandable in place. */
  abstract?: string;
  /** When the paper was added here and by whom: /new shows these instead of arXiv's date. */
  addedAt?: Date;
  submitter?: { login: string } | null;
  /** On ranked feeds: the figure the order is sorted by, and why (lib/ranking/card-order.ts). */
  order?: CardOrder;
  /** On the Following feed: why the paper is here ("by Ashish Vaswani", "in cs.CL"). */
  followedBecause?: string[];
}

/** How much of the abstract a closed card shows: about two lines at 1280 px, four on a phone. */
const ABSTRACT_PREVIEW_CHARS = 230;

function Authors({ authors }: { authors: string[] }) {
  if (authors.length === 0) return <span>Unknown authors</span>;
  const named = authors.slice(0, NAMED_AUTHORS);
  return (
    <span data-testid="card-authors">
      {named.map((name, index) => (
        <span key={index}>
          {index > 0 && ", "}
          {/* Not prefetched: three author links a card would be ninety requests a feed. */}
          <Link href={authorHref(name)} prefetch={false}>
            {name}
          </Link>
        </span>
      ))}
      {authors.length > NAMED_AUTHORS && " et al."}
    </span>
  );
}

/**
 * The abstract's first lines, opened in place to the whole of it by a native <details>: no
 * script, and Enter or Space on the summary closes it again. The preview in the summary has
 * no links (a link inside a summary is an interactive element inside another); the whole
 * abstract links its URLs.
 */
function Snippet({ parts }: { parts: { text: string; marked: boolean }[] }) {
  return parts.map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : part.text));
}

function Abstract({ text, snippet }: { text: string; snippet?: { text: string; marked: boolean }[] }) {
  const preview = texPreview(text, ABSTRACT_PREVIEW_CHARS);
  if (!snippet && !preview.cut) {
    return (
      <p className="card-abstract-text" data-testid="card-abstract">
        <TexText text={preview.text} links />
      </p>
    );
  }
  // Search shows the passage that matched (plain text, matched words marked) where a feed
  // shows the abstract's first lines.
  return (
    <details className="card-abstract" data-testid="card-abstract">
      <summary>
        {snippet ? (
          <span className="card-abstract-preview card-snippet" data-testid="snippet">
            <Snippet parts={snippet} />
          </span>
        ) : (
          <span className="card-abstract-preview">
            <TexText text={preview.text} />
          </span>
        )}{" "}
        <span className="card-abstract-more">{snippet ? "whole abstract" : "more"}</span>
        <span className="card-abstract-less">hide abstract</span>
      </summary>
      <p className="card-abstract-text">
        <TexText text={text} links />
      </p>
    </details>
  );
}

function OrderFigure({ order }: { order: CardOrder }) {
  return (
    <span className="card-order" data-testid="order-figure" data-order-value={order.value}>
      {order.figure}
    </span>
  );
}

/** The order's explanation on demand: a native <details>, with or without script. */
function OrderWhy({ order }: { order: CardOrder }) {
  return (
    <details className="card-why">
      <summary>why?</summary>
      <span data-testid="order-why">{order.why}</span>
    </details>
  );
}

function RankChange({ change }: { change: number | null | undefined }) {
  if (change === undefined) return null;
  if (change === null)
    return (
      <span className="rank-up" title="Not in yesterday's trending">
        new
      </span>
    );
  if (change === 0) return <span title="Same rank as yesterday">=</span>;
  return change > 0 ? (
    <span className="rank-up" title={`Up ${change} since yesterday`}>
      ▲{change}
    </span>
  ) : (
    <span className="rank-down" title={`Down ${-change} since yesterday`}>
      ▼{-change}
    </span>
  );
}

/** What a list needs to render working upvote controls for the current reader. */
export interface Voting {
  /** arXiv ids the reader has upvoted among those listed. */
  upvoted: string[];
  /** Null when signed in; else where a click leads. */
  signInHref: string | null;
  formAction: (formData: FormData) => Promise<void>;
}

function Added({ addedAt, submitter }: { addedAt: Date; submitter: { login: string } | null | undefined }) {
  return (
    <span data-testid="card-added">
      {" · added "}
      <time dateTime={addedAt.toISOString()} title={addedAt.toISOString().slice(0, 16).replace("T", " ") + " UTC"}>
        {formatRelative(addedAt)}
      </time>
      {" by "}
      {submitter ? (
        <Link href={profileHref(submitter.login)} prefetch={false}>
          {submitter.login}
        </Link>
      ) : (
        "arXiv ingest"
      )}
    </span>
  );
}

function PaperRow({
  paper,
  rank,
  voting,
  saving,
  dates,
}: {
  paper: PaperListItem;
  rank: number;
  voting: Voting;
  saving?: Saving;
  dates: "published" | "added";
}) {
  const published = dates === "published" ? formatDate(paper.publishedOn) : null;
  return (
    <li className="card" data-testid="paper-card" data-arxiv-id={paper.arxivId}>
      <span className="card-rank">{rank}.</span>
      <UpvoteButton
        arxivId={paper.arxivId}
        upvoted={voting.upvoted.includes(paper.arxivId)}
        upvotes={paper.upvotes}
        signInHref={voting.signInHref}
        formAction={voting.formAction}
      />
      <div className="card-body">
        <h2 className="card-title">
          <Link href={paperHref(paper.arxivId)} data-paper-link>
            <TexText text={paper.title} />
          </Link>
        </h2>
        {/* A div: the Save button is a form, which a <p> cannot hold. */}
        <div className="card-meta">
          <Authors authors={paper.authors} />
          {published && <span> · {published}</span>}
          {dates === "added" && paper.addedAt && <Added addedAt={paper.addedAt} submitter={paper.submitter} />}
          <span>
            {" · "}
            <Link href={discussionHref(paper.arxivId)} className="tap-target">
              {paper.commentCount === 0 ? "discuss" : plural(paper.commentCount, "comment")}
            </Link>
          </span>
          {paper.periodVotes !== undefined && !paper.order && (
            <span> · {plural(paper.periodVotes, "vote")} in this period</span>
          )}
          {paper.codeUrl && (
            <span>
              {" · "}
              <a href={paper.codeUrl} rel="noopener" title={displayUrl(paper.codeUrl)} className="tap-target">
                code
              </a>
              {paper.githubStars != null && (
                <>
                  {" "}
                  <GithubStars stars={paper.githubStars} thisWeek={paper.githubStarsThisWeek} />
                </>
              )}
            </span>
          )}
          {saving && (
            <span>
              {" · "}
              <SaveButton arxivId={paper.arxivId} saving={saving} />
            </span>
          )}
        </div>
        {paper.followedBecause && paper.followedBecause.length > 0 && (
          <p className="card-meta" data-testid="followed-because">
            {paper.followedBecause.join(" · ")}
          </p>
        )}
        {paper.trending ? (
          <div className="card-trend" data-testid="trend-explainer">
            {paper.order && <OrderFigure order={paper.order} />}
            <span>
              +{paper.trending.votes24h} in 24 h · {paper.trending.votesPerHour}/h
            </span>
            {paper.sparkline && (
              <Sparkline
                hourly={paper.sparkline}
                label={`Votes per 6 hours over the last ${paper.sparkline.length / 24} days`}
              />
            )}
            <RankChange change={paper.trending.rankChange} />
            {paper.order && <OrderWhy order={paper.order} />}
          </div>
        ) : (
          paper.order && (
            <div className="card-trend">
              <OrderFigure order={paper.order} />
              <OrderWhy order={paper.order} />
            </div>
          )
        )}
        {paper.snippet && !paper.abstract && (
          <p className="card-snippet" data-testid="snippet">
            <Snippet parts={paper.snippet} />
          </p>
        )}
        {paper.abstract && <Abstract text={paper.abstract} snippet={paper.snippet} />}
      </div>
    </li>
  );
}

export function PaperList({
  papers,
  voting,
  saving,
  firstRank = 1,
  emptyText = "No papers here yet.",
  dates = "published",
}: {
  papers: PaperListItem[];
  voting: Voting;
  /** The Save buttons; omitted where a list offers none. */
  saving?: Saving;
  firstRank?: number;
  emptyText?: string;
  /** Which date a card names: arXiv's publication, or when and by whom it was added here (/new). */
  dates?: "published" | "added";
}) {
  if (papers.length === 0) {
    return <p className="py-4 text-stone-500">{emptyText}</p>;
  }
  return (
    <ol className="divide-y divide-stone-200 dark:divide-stone-800">
      {papers.map((paper, index) => (
        <PaperRow
          key={paper.arxivId}
          paper={paper}
          rank={firstRank + index}
          voting={voting}
          saving={saving}
          dates={dates}
        />
      ))}
    </ol>
  );
}
