import Link from "next/link";
import { TexText } from "@/components/tex-text";
import { UpvoteButton } from "@/components/upvote-button";
import { Sparkline } from "@/components/sparkline";
import { GithubStars } from "@/components/github-stars";
import { SaveButton, type Saving } from "@/components/save-button";
import { authorsLine, displayUrl, formatDate, plural } from "@/lib/format";

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
  /** On the Following feed: why the paper is here ("by Ashish Vaswani", "in cs.CL"). */
  followedBecause?: string[];
}

function RankChange({ change }: { change: number | null | undefined }) {
  if (change === undefined) return null;
  if (change === null) return <span className="rank-up" title="Not in yesterday's trending">new</span>;
  if (change === 0) return <span title="Same rank as yesterday">=</span>;
  return change > 0 ? (
    <span className="rank-up" title={`Up ${change} since yesterday`}>▲{change}</span>
  ) : (
    <span className="rank-down" title={`Down ${-change} since yesterday`}>▼{-change}</span>
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

export function paperHref(arxivId: string): string {
  return `/papers/${arxivId}`;
}

function PaperRow({ paper, rank, voting, saving }: { paper: PaperListItem; rank: number; voting: Voting; saving?: Saving }) {
  const published = formatDate(paper.publishedOn);
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
          <span>{authorsLine(paper.authors)}</span>
          {published && <span> · {published}</span>}
          <span>
            {" · "}
            <Link href={`${paperHref(paper.arxivId)}#discussion`}>
              {paper.commentCount === 0 ? "discuss" : plural(paper.commentCount, "comment")}
            </Link>
          </span>
          {paper.periodVotes !== undefined && <span> · {plural(paper.periodVotes, "vote")} in this period</span>}
          {paper.codeUrl && (
            <span>
              {" · "}
              <a href={paper.codeUrl} rel="noopener" title={displayUrl(paper.codeUrl)}>
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
        {paper.trending && (
          <p className="card-trend" data-testid="trend-explainer">
            <span>
              +{paper.trending.votes24h} in 24 h · {paper.trending.votesPerHour}/h
            </span>
            {paper.sparkline && <Sparkline hourly={paper.sparkline} label={`Votes per 6 hours over the last ${paper.sparkline.length / 24} days`} />}
            <RankChange change={paper.trending.rankChange} />
          </p>
        )}
        {paper.snippet && (
          <p className="mt-1 text-[13px] leading-snug text-stone-600 dark:text-stone-400" data-testid="snippet">
            {paper.snippet.map((part, index) =>
              part.marked ? (
                <mark key={index} className="bg-amber-200 text-inherit dark:bg-amber-800 dark:text-white">
                  {part.text}
                </mark>
              ) : (
                part.text
              ),
            )}
          </p>
        )}
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
}: {
  papers: PaperListItem[];
  voting: Voting;
  /** The Save buttons; omitted where a list offers none. */
  saving?: Saving;
  firstRank?: number;
  emptyText?: string;
}) {
  if (papers.length === 0) {
    return <p className="py-4 text-stone-500">{emptyText}</p>;
  }
  return (
    <ol className="divide-y divide-stone-200 dark:divide-stone-800">
      {papers.map((paper, index) => (
        <PaperRow key={paper.arxivId} paper={paper} rank={firstRank + index} voting={voting} saving={saving} />
      ))}
    </ol>
  );
}
