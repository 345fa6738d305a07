import "server-only";
import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { comments, paperAuthors, papers, users } from "@/db/schema";
import { arxivAbsUrl, arxivPdfUrl, parseArxivId } from "@/lib/papers/arxiv-id";
import { AppError } from "@/lib/errors";
import { starColumns } from "@/lib/papers/github-stars";

export interface PaperSummary {
  arxivId: string;
  title: string;
  /** First-published date on arXiv (YYYY-MM-DD), null when unknown. */
  publishedOn: string | null;
  addedAt: Date;
  /** All authors, in arXiv's order. */
  authors: string[];
  abstract: string;
  categories: string[];
  upvotes: number;
  commentCount: number;
  codeUrl: string | null;
  projectUrl: string | null;
  /** The code repository's stars on GitHub (lib/papers/github-stars.ts); null without one. */
  githubStars: number | null;
  /** Stars gained since the sample a week before; null without one that old. */
  githubStarsThisWeek: number | null;
  /** Who added it; null for papers ingested from arXiv or whose submitter is gone. */
  submitter: PaperSubmitter | null;
}

export interface PaperSubmitter {
  login: string;
  name: string | null;
  image: string | null;
}

export interface PaperDetail extends PaperSummary {
  id: number;
  absUrl: string;
  pdfUrl: string;
}

const summaryColumns = {
  arxivId: papers.arxivId,
  title: papers.title,
  publishedOn: papers.publishedOn,
  addedAt: papers.addedAt,
  authors: sql<string[]>`array(
    select ${paperAuthors.name} from ${paperAuthors}
    where ${paperAuthors.paperId} = ${papers.id}
    order by ${paperAuthors.position})`,
  abstract: papers.abstract,
  categories: papers.categories,
  upvotes: papers.upvotes,
  commentCount: papers.commentCount,
  codeUrl: papers.codeUrl,
  projectUrl: papers.projectUrl,
  ...starColumns(papers.codeUrl),
  submitter: sql<PaperSubmitter | null>`(select json_build_object('login', ${users.githubLogin}, 'name', ${users.name}, 'image', ${users.image})
    from ${users} where ${users.id} = ${papers.submittedById} and ${users.githubLogin} is not null)`,
};

/**
 * The papers listed under `category` (primary or cross-listed). Written as array
 * containment so that the GIN index on `categories` serves it.
 */
export function inCategory(category: string): SQL {
  return sql`${papers.categories} @> array[${category}]::text[]`;
}

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
  /** Adds the internal id, for callers that join the rows to other data. */
  withId?: boolean;
  /** More computed columns, e.g. votes in a period. */
  extra?: Record<string, SQL>;
}): Promise<(PaperSummary & { id?: number })[]> {
  const columns = { ...summaryColumns, ...(options.withId ? { id: papers.id } : {}), ...options.extra };
  let query = getDb().select(columns).from(papers).$dynamic();
  if (options.join) query = query.innerJoin(options.join.table, options.join.on);
  if (options.where) query = query.where(options.where);
  return query
    .orderBy(...options.orderBy)
    .limit(options.limit)
    .offset(options.offset ?? 0);
}

/**
 * The paper with this arXiv id (any accepted form, versions ignored), or null when the id
 * is malformed or unknown: callers answer 404 either way.
 */
export async function getPaper(rawArxivId: string): Promise<PaperDetail | null> {
  const parsed = parseArxivId(rawArxivId);
  if (!parsed) return null;
  const [row] = await getDb()
    .select({ ...summaryColumns, id: papers.id })
    .from(papers)
    .where(eq(papers.arxivId, parsed.id));
  if (!row) return null;
  return { ...row, absUrl: arxivAbsUrl(row.arxivId), pdfUrl: arxivPdfUrl(row.arxivId) };
}

/**
 * Every paper's id and when its page last changed (added, updated from arXiv, or commented
 * on), newest first: the sitemap's paper URLs.
 */
export async function listPaperPageDates(limit: number): Promise<{ arxivId: string; lastModified: Date }[]> {
  const lastComment = sql`(select max(${comments.createdAt}) from ${comments} where ${comments.paperId} = ${papers.id})`;
  const rows = await getDb()
    .select({
      arxivId: papers.arxivId,
      // Epoch milliseconds: a computed timestamp is not mapped to a Date the way a column is.
      lastModified: sql<number>`(extract(epoch from greatest(${papers.addedAt}, ${papers.arxivUpdatedAt}, ${lastComment})) * 1000)::float8`,
    })
    .from(papers)
    .orderBy(desc(papers.addedAt), asc(papers.id))
    .limit(limit);
  return rows.map((row) => ({ arxivId: row.arxivId, lastModified: new Date(Number(row.lastModified)) }));
}

/** A paper's id by its arXiv id as a reader wrote it; 404 when it is malformed or not here. */
export async function paperRowOf(rawArxivId: string): Promise<{ id: number; arxivId: string }> {
  const arxivId = parseArxivId(rawArxivId)?.id;
  if (!arxivId) throw new AppError(404, "No such paper.");
  const [row] = await getDb()
    .select({ id: papers.id, arxivId: papers.arxivId })
    .from(papers)
    .where(eq(papers.arxivId, arxivId));
  if (!row) throw new AppError(404, "No such paper.");
  return row;
}
