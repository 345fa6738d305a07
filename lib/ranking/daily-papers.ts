import "server-only";
import { and, asc, desc, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { papers, users, voteBuckets } from "@/db/schema";
import { parseOrThrow, queryObject } from "@/lib/errors";
import { listPaperSummaries, type PaperSummary } from "@/lib/papers/papers";
import { dayField, monthField, parseDay, parseMonth, parseWeek, weekField, type Period } from "@/lib/ranking/periods";
import { getTrendingPage, type TrendingPaper } from "@/lib/ranking/trending";

/**
 * `GET /api/daily_papers`, Hugging Face Papers' daily list as Paperboard keeps it: the papers
 * added on a day (our daily feed), in an ISO week or a month, optionally by one submitter,
 * newest first (`sort=publishedAt`, Hugging Face's default) or by votes (`sort=trending`).
 * The parameters are Hugging Face's (hub-docs api.md; huggingface_hub's `list_daily_papers`):
 * `date`, `week`, `month`, `submitter`, `sort`, `p` (page from 0) and `limit`. Unknown
 * parameters are ignored, as Hugging Face does, so that any client of theirs works here.
 */

export const MAX_DAILY_PAPERS_LIMIT = 100;
/** Deep pages cost an offset scan; no client pages this far. */
const MAX_DAILY_PAPERS_OFFSET = 10_000;

export const dailyPapersQuerySchema = z
  .object({
    date: dayField.optional(),
    week: weekField.optional(),
    month: monthField.optional(),
    submitter: z
      .string()
      .trim()
      .min(1)
      .max(100, "must be at most 100 characters")
      .optional()
      .describe("GitHub login of the submitter"),
    sort: z
      .enum(["publishedAt", "trending"])
      .default("publishedAt")
      .describe(
        "publishedAt: newest added first; trending: most votes in the period first (the live trending ranking when no period is given)",
      ),
    p: z.coerce.number().int().min(0).default(0).describe("Page, from 0"),
    limit: z.coerce.number().int().min(1).max(MAX_DAILY_PAPERS_LIMIT).default(50),
    feed: z
      .enum(["following"])
      .optional()
      .describe(
        "Paperboard's own: `following` lists the caller's Following feed (papers by followed authors and in followed categories, newest first); needs a session or a personal API token",
      ),
  })
  .superRefine((query, ctx) => {
    if (query.feed === "following") {
      for (const key of ["date", "week", "month", "submitter"] as const) {
        if (query[key] !== undefined)
          ctx.addIssue({ code: "custom", path: [key], message: "is not a parameter of the following feed" });
      }
    }
    const given = (["date", "week", "month"] as const).filter((key) => query[key] !== undefined);
    if (given.length > 1)
      ctx.addIssue({ code: "custom", path: [given[1]!], message: `cannot be combined with ${given[0]}` });
    if (query.p * query.limit > MAX_DAILY_PAPERS_OFFSET)
      ctx.addIssue({ code: "custom", path: ["p"], message: `must keep p × limit at most ${MAX_DAILY_PAPERS_OFFSET}` });
  });
export type DailyPapersQuery = z.infer<typeof dailyPapersQuerySchema>;

export function parseDailyPapersQuery(params: URLSearchParams): DailyPapersQuery {
  return parseOrThrow(dailyPapersQuerySchema, queryObject(params), "query");
}

function periodOf(query: DailyPapersQuery): Period | null {
  if (query.date) return parseDay(query.date);
  if (query.week) return parseWeek(query.week);
  if (query.month) return parseMonth(query.month);
  return null;
}

export type DailyPaper = PaperSummary & { trending?: TrendingPaper["trending"] };

/** Without a period, sort=trending counts the votes of the last week when it cannot use the live ranking. */
const TRENDING_FALLBACK_DAYS = 7;

export async function listDailyPapers(query: DailyPapersQuery, now = new Date()): Promise<DailyPaper[]> {
  const offset = query.p * query.limit;
  const period = periodOf(query);
  if (query.sort === "trending" && !period && !query.submitter) {
    return (await getTrendingPage({ limit: query.limit, offset, now })).items;
  }
  const filters: (SQL | undefined)[] = [];
  if (period) filters.push(gte(papers.addedAt, period.start), lt(papers.addedAt, period.end));
  if (query.submitter) {
    filters.push(
      sql`${papers.submittedById} = (select ${users.id} from ${users} where lower(${users.githubLogin}) = lower(${query.submitter}) limit 1)`,
    );
  }
  if (query.sort === "publishedAt") {
    return listPaperSummaries({
      where: and(...filters),
      orderBy: [desc(papers.addedAt), asc(papers.id)],
      limit: query.limit,
      offset,
    });
  }
  const start = period?.start ?? new Date(now.getTime() - TRENDING_FALLBACK_DAYS * 86_400_000);
  const end = period?.end ?? now;
  const votesInPeriod = sql`(select coalesce(sum(${voteBuckets.votes}), 0)::int from ${voteBuckets}
    where ${voteBuckets.paperId} = ${papers.id}
      and ${voteBuckets.hour} >= ${start.toISOString()}::timestamptz and ${voteBuckets.hour} < ${end.toISOString()}::timestamptz)`;
  return listPaperSummaries({
    where: and(...filters),
    orderBy: [desc(votesInPeriod), desc(papers.upvotes), desc(papers.addedAt), asc(papers.id)],
    limit: query.limit,
    offset,
  });
}
