import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
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

/** A page of papers in the given order; ties break on the newest addition, then the id. */
export async function listPapers(options: { order: PaperOrder; limit: number; offset?: number }): Promise<PaperSummary[]> {
  const order =
    options.order === "upvotes"
      ? [desc(papers.upvotes), desc(papers.addedAt), asc(papers.id)]
      : [desc(papers.addedAt), asc(papers.id)];
  return getDb()
    .select(summaryColumns)
    .from(papers)
    .orderBy(...order)
    .limit(options.limit)
    .offset(options.offset ?? 0);
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
