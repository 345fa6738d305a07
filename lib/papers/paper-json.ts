import type { DailyPaperJson, PaperJson } from "@/lib/http/api-schemas";
import { arxivAbsUrl, arxivPdfUrl } from "@/lib/papers/arxiv-id";
import { getEnv } from "@/lib/env";
import type { PaperSubmitter, PaperSummary } from "@/lib/papers/papers";
import { ogImagePath, paperHref } from "@/lib/http/urls";

/**
 * The one serializer of a paper for every JSON answer (lib/http/api-schemas.ts `paperSchema`,
 * Hugging Face's field names). No database import: it shapes rows that lib/papers/papers.ts read.
 */

type SerializablePaper = PaperSummary & {
  trending?: { rank: number; score: number; votes24h: number; votesPerHour: number };
  periodVotes?: number;
};

function submitterJson(submitter: PaperSubmitter | null): PaperJson["submittedBy"] {
  if (!submitter) return null;
  return {
    name: submitter.login,
    fullname: submitter.name ?? submitter.login,
    avatarUrl: submitter.image ?? "",
    type: "user",
  };
}

/** Hugging Face sends full datetimes; a YYYY-MM-DD publication day becomes its 00:00 UTC. */
function publishedAt(day: string | null): string | null {
  return day ? `${day}T00:00:00.000Z` : null;
}

export function paperToJson(
  paper: SerializablePaper,
  extras: { upvoted?: boolean; followedBecause?: string[] } = {},
): PaperJson {
  const site = getEnv().SITE_URL;
  return {
    id: paper.arxivId,
    title: paper.title,
    summary: paper.abstract,
    authors: paper.authors.map((name) => ({ name })),
    publishedAt: publishedAt(paper.publishedOn),
    submittedOnDailyAt: paper.addedAt.toISOString(),
    upvotes: paper.upvotes,
    numComments: paper.commentCount,
    githubRepo: paper.codeUrl,
    githubStars: paper.githubStars,
    githubStarsThisWeek: paper.githubStarsThisWeek,
    projectPage: paper.projectUrl,
    submittedBy: submitterJson(paper.submitter),
    thumbnail: site + ogImagePath(paper.arxivId),
    categories: paper.categories,
    addedAt: paper.addedAt.toISOString(),
    url: site + paperHref(paper.arxivId),
    absUrl: arxivAbsUrl(paper.arxivId),
    pdfUrl: arxivPdfUrl(paper.arxivId),
    ...(extras.upvoted !== undefined ? { upvoted: extras.upvoted } : {}),
    ...(paper.trending
      ? {
          trending: {
            rank: paper.trending.rank,
            score: paper.trending.score,
            votes24h: paper.trending.votes24h,
            votesPerHour: paper.trending.votesPerHour,
          },
        }
      : {}),
    ...(paper.periodVotes !== undefined ? { periodVotes: paper.periodVotes } : {}),
    ...(extras.followedBecause ? { followedBecause: extras.followedBecause } : {}),
  };
}

/** A daily-paper item (`GET /api/daily_papers`, `GET /api/papers/search`) in Hugging Face's shape. */
export function dailyPaperToJson(
  paper: SerializablePaper,
  extras: { followedBecause?: string[] } = {},
): DailyPaperJson {
  const json = paperToJson(paper, extras);
  return {
    paper: json,
    publishedAt: json.submittedOnDailyAt,
    title: json.title,
    summary: json.summary,
    thumbnail: json.thumbnail,
    numComments: json.numComments,
    submittedBy: json.submittedBy,
    isAuthorParticipating: false,
  };
}
