import "server-only";
import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { paperAuthors, papers, users } from "@/db/schema";
import { arxivAbsUrl, arxivPdfUrl, parseArxivId } from "@/lib/arxiv-id";

/** How many authors a card names before "et al.". */
export const CARD_AUTHOR_COUNT = 3;

export interface PaperSummary {
  arxivId: string;
  title: string;
  /** First-published date on arXiv (YYYY-MM-DD), null when unknown. */
  publishedOn: string | null;
  addedAt: Date;
  /** The first CARD_AUTHOR_COUNT authors, in order. */
  authors: string[];
  authorCount: number;
  upvotes: number;
  commentCount: number;
  codeUrl: string | null;
  projectUrl: string | null;
}

export interface PaperDetail extends PaperSummary {
  abstract: string;
  categories: string[];
  absUrl: string;
  pdfUrl: string;
  submittedBy: { login: string; name: string | null } | null;
}

const summaryColumns = {
  arxivId: papers.arxivId,
  title: papers.title,
  publishedOn: papers.publishedOn,
  addedAt: papers.addedAt,
  authors: sql<string[]>`array(
    select ${paperAuthors.name} from ${paperAuthors}
    where ${paperAuthors.paperId} = ${papers.id}
    order by ${paperAuthors.position} limit ${CARD_AUTHOR_COUNT})`,
  authorCount: sql<number>`(select count(*)::int from ${paperAuthors} where ${paperAuthors.paperId} = ${papers.id})`,
  upvotes: papers.upvotes,
  commentCount: papers.commentCount,
  codeUrl: papers.codeUrl,
  projectUrl: papers.projectUrl,
};

export type PaperOrder = "upvotes" | "new";

/**
 * The one query behind every list of paper cards: feeds, profiles, search. Callers add a
 * join (votes of a user), a filter and an order; the card columns stay the same everywhere.
 */
export async function listPaperSummaries(options: {
  join?: { table: PgTable; on: SQL };
  where?: SQL;
  orderBy: (SQL | PgColumn)[];
  limit: number;
  offset?: number;
}): Promise<PaperSummary[]> {
  let query = getDb().select(summaryColumns).from(papers).$dynamic();
  if (options.join) query = query.innerJoin(options.join.table, options.join.on);
  if (options.where) query = query.where(options.where);
  return query
    .orderBy(...options.orderBy)
    .limit(options.limit)
    .offset(options.offset ?? 0);
}

/** A page of papers in the given order; ties break on the newest addition, then the id. */
export async function listPapers(options: { order: PaperOrder; limit: number; offset?: number }): Promise<PaperSummary[]> {
  return listPaperSummaries({
    orderBy:
      options.order === "upvotes"
        ? [desc(papers.upvotes), desc(papers.addedAt), asc(papers.id)]
        : [desc(papers.addedAt), asc(papers.id)],
    limit: options.limit,
    offset: options.offset,
  });
}

export async function countPapers(): Promise<number> {
  const [row] = await getDb().select({ count: sql<number>`count(*)::int` }).from(papers);
  return row?.count ?? 0;
}

/**
 * The paper with this arXiv id (any accepted form, versions ignored), or null when the id
 * is malformed or unknown: callers answer 404 either way.
 */
export async function getPaper(rawArxivId: string): Promise<PaperDetail | null> {
  const parsed = parseArxivId(rawArxivId);
  if (!parsed) return null;
  const db = getDb();
  const [row] = await db
    .select({
      ...summaryColumns,
      id: papers.id,
      abstract: papers.abstract,
      categories: papers.categories,
      submitterLogin: users.githubLogin,
      submitterName: users.name,
    })
    .from(papers)
    .leftJoin(users, eq(users.id, papers.submittedById))
    .where(eq(papers.arxivId, parsed.id));
  if (!row) return null;
  const authors = await db
    .select({ name: paperAuthors.name })
    .from(paperAuthors)
    .where(eq(paperAuthors.paperId, row.id))
    .orderBy(asc(paperAuthors.position));
  const { id: _id, submitterLogin, submitterName, ...paper } = row;
  return {
    ...paper,
    authors: authors.map((author) => author.name),
    absUrl: arxivAbsUrl(paper.arxivId),
    pdfUrl: arxivPdfUrl(paper.arxivId),
    submittedBy: submitterLogin ? { login: submitterLogin, name: submitterName } : null,
  };
}

/** The public JSON shape of a paper (API, feeds): stable field names, ISO dates. */
export function paperToJson(paper: PaperDetail) {
  return {
    arxivId: paper.arxivId,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    publishedOn: paper.publishedOn,
    categories: paper.categories,
    absUrl: paper.absUrl,
    pdfUrl: paper.pdfUrl,
    codeUrl: paper.codeUrl,
    projectUrl: paper.projectUrl,
    addedAt: paper.addedAt.toISOString(),
    submittedBy: paper.submittedBy?.login ?? null,
    upvotes: paper.upvotes,
    numComments: paper.commentCount,
  };
}
