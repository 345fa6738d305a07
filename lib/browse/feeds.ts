import "server-only";
import { and, asc, desc, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { papers, trendingSnapshots, voteBuckets } from "@/db/schema";
import { FEEDS } from "@/lib/http/api-schemas";
import { categorySchema } from "@/lib/papers/categories";
import { parseOrThrow, queryObject } from "@/lib/errors";
import { inCategory, listPaperSummaries, type PaperSummary } from "@/lib/papers/papers";
import {
  addDays,
  addMonths,
  addWeeks,
  dayField,
  dayLabel,
  monthField,
  monthLabel,
  monthOf,
  parseDay,
  parseMonth,
  parseWeek,
  today,
  weekField,
  weekLabel,
  weekOf,
  type Period,
} from "@/lib/ranking/periods";
import { getLiveRanking, getTrendingPage, type TrendingPaper } from "@/lib/ranking/trending";

/**
 * Every feed behind one query shape, shared by the pages and GET /api/papers:
 * trending (live), daily (added on a day, by upvotes), weekly and monthly (votes cast in the
 * period), new (most recently added). Every feed can be narrowed to one arXiv category;
 * ranks are then counted within the narrowed list.
 */

export type FeedName = (typeof FEEDS)[number];
export const MAX_FEED_LIMIT = 100;

const cursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,24}$/, "must be a cursor returned by a previous page")
  .transform((value, ctx) => {
    const offset = Number(Buffer.from(value, "base64url").toString("utf8").replace(/^o:/, ""));
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) {
      ctx.addIssue({ code: "custom", message: "must be a cursor returned by a previous page" });
      return z.NEVER;
    }
    return offset;
  });

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export const feedQuerySchema = z
  .strictObject({
    feed: z.enum(FEEDS).default("trending"),
    date: dayField.optional(),
    week: weekField.optional(),
    month: monthField.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_FEED_LIMIT).default(30),
    cursor: cursorSchema.optional(),
    category: categorySchema.optional(),
  })
  .superRefine((query, ctx) => {
    const allowed: Record<FeedName, string | null> = {
      trending: null,
      new: null,
      daily: "date",
      weekly: "week",
      monthly: "month",
    };
    for (const key of ["date", "week", "month"] as const) {
      if (query[key] !== undefined && allowed[query.feed] !== key) {
        ctx.addIssue({ code: "custom", path: [key], message: `is not a parameter of the ${query.feed} feed` });
      }
    }
  });

export type FeedQuery = z.infer<typeof feedQuerySchema>;

/** Parses query-string parameters; a malformed or impossible one is a 400 naming it. */
export function parseFeedQuery(params: URLSearchParams): FeedQuery {
  return parseOrThrow(feedQuerySchema, queryObject(params), "query");
}

export interface FeedPeriod {
  key: string;
  label: string;
  start: Date;
  end: Date;
  previous: string;
  next: string | null;
}

export interface FeedResult {
  feed: FeedName;
  period: FeedPeriod | null;
  items: (PaperSummary & { id: number; periodVotes?: number; trending?: TrendingPaper["trending"] })[];
  nextCursor: string | null;
}

function periodOf(feed: FeedName, query: FeedQuery, now: Date): FeedPeriod | null {
  if (feed === "daily") {
    const key = query.date ?? today(now);
    const period = parseDay(key)!;
    return {
      ...period,
      label: dayLabel(key),
      previous: addDays(key, -1),
      next: key < today(now) ? addDays(key, 1) : null,
    };
  }
  if (feed === "weekly") {
    const key = query.week ?? weekOf(now);
    const period = parseWeek(key)!;
    return {
      ...period,
      label: weekLabel(key),
      previous: addWeeks(key, -1),
      next: key < weekOf(now) ? addWeeks(key, 1) : null,
    };
  }
  if (feed === "monthly") {
    const key = query.month ?? monthOf(now);
    const period = parseMonth(key)!;
    return {
      ...period,
      label: monthLabel(key),
      previous: addMonths(key, -1),
      next: key < monthOf(now) ? addMonths(key, 1) : null,
    };
  }
  return null;
}

/** Top papers by votes cast within the period (weekly, monthly), from the hourly buckets. */
async function topByPeriodVotes(period: Period, limit: number, offset: number, category: string | undefined) {
  const inPeriod = sql`(select coalesce(sum(${voteBuckets.votes}), 0)::int from ${voteBuckets}
    where ${voteBuckets.paperId} = ${papers.id}
      and ${voteBuckets.hour} >= ${period.start.toISOString()}::timestamptz
      and ${voteBuckets.hour} < ${period.end.toISOString()}::timestamptz)`;
  const rows = await listPaperSummaries({
    where: and(sql`${inPeriod} > 0`, category ? inCategory(category) : undefined),
    orderBy: [desc(inPeriod), desc(papers.upvotes), asc(papers.id)],
    limit,
    offset,
    withId: true,
    extra: { periodVotes: inPeriod },
  });
  return rows as (PaperSummary & { id: number; periodVotes: number })[];
}

export async function getFeed(query: FeedQuery, now = new Date()): Promise<FeedResult> {
  const offset = query.cursor ?? 0;
  // One more than asked tells whether there is a next page.
  const take = query.limit + 1;
  const period = periodOf(query.feed, query, now);
  let items: FeedResult["items"];
  if (query.feed === "trending") {
    const page = await getTrendingPage({ limit: take, offset, now, category: query.category });
    items = page.items;
  } else if (query.feed === "daily") {
    items = (await listPaperSummaries({
      where: and(
        gte(papers.addedAt, period!.start),
        lt(papers.addedAt, period!.end),
        query.category ? inCategory(query.category) : undefined,
      ),
      orderBy: [desc(papers.upvotes), desc(papers.addedAt), asc(papers.id)],
      limit: take,
      offset,
      withId: true,
    })) as FeedResult["items"];
  } else if (query.feed === "new") {
    items = (await listPaperSummaries({
      where: query.category ? inCategory(query.category) : undefined,
      orderBy: [desc(papers.addedAt), asc(papers.id)],
      limit: take,
      offset,
      withId: true,
    })) as FeedResult["items"];
  } else {
    items = await topByPeriodVotes(period!, take, offset, query.category);
  }
  const hasMore = items.length > query.limit;
  return {
    feed: query.feed,
    period,
    items: items.slice(0, query.limit),
    nextCursor: hasMore ? encodeCursor(offset + query.limit) : null,
  };
}

// ---------------------------------------------------------------------------------------
// The categories present, for the feeds' filter control.

export interface CategoryCount {
  category: string;
  papers: number;
}

/** How many categories the filter offers: the most common ones, enough for any one site. */
const MAX_LISTED_CATEGORIES = 200;
/** Categories of existing papers rarely change; a new paper is noticed at once (below). */
const CATEGORIES_TTL_MS = 10 * 60 * 1000;

interface CachedCategories {
  at: number;
  /** The newest paper id when counted: an added paper makes the count stale. */
  newestPaper: number | null;
  list: Promise<CategoryCount[]>;
}

const globalCategories = globalThis as unknown as { paperboardCategories?: CachedCategories };

/**
 * The categories papers are listed under, most common first. Counting scans every paper, so
 * each server keeps the answer until a paper is added (one index lookup tells) or a few
 * minutes pass.
 */
export async function listCategories(now = Date.now()): Promise<CategoryCount[]> {
  const [newest] = await getDb()
    .select({ id: sql<number | null>`max(${papers.id})` })
    .from(papers);
  const newestPaper = newest?.id ?? null;
  const cached = globalCategories.paperboardCategories;
  if (cached && cached.newestPaper === newestPaper && now - cached.at < CATEGORIES_TTL_MS) return cached.list;
  const list = getDb()
    .execute<{ category: string; papers: number }>(
      sql`select c as category, count(*)::int as papers
          from ${papers}, unnest(${papers.categories}) as c
          group by c order by count(*) desc, c asc limit ${MAX_LISTED_CATEGORIES}`,
    )
    .then((rows) => rows.map((row) => ({ category: row.category, papers: row.papers })));
  const entry = { at: now, newestPaper, list };
  globalCategories.paperboardCategories = entry;
  list.catch(() => {
    if (globalCategories.paperboardCategories === entry) globalCategories.paperboardCategories = undefined;
  });
  return list;
}

/** For tests that add papers: the next listCategories() counts again. */
export function invalidateCategories(): void {
  globalCategories.paperboardCategories = undefined;
}

/** Which list the category filter counts: a feed, or a dated trending snapshot; `period` as in its URL. */
export interface CategoryScope {
  feed: FeedName | "snapshot";
  period?: string;
}

/**
 * The categories of the papers a feed lists, with how many of them each has, most common
 * first: the filter offers only what narrows the list to something, with the count it will
 * show. Each is one grouped read bounded by the feed itself: the live ranking's papers (at
 * most TRENDING_DEPTH, by primary key), a day's additions (the added_at index), the papers
 * voted on in a week or month (the buckets' hour index), a snapshot's rows (its primary key).
 * /new lists every paper, so it counts them all (`listCategories`, cached).
 */
export async function listFeedCategories(scope: CategoryScope, now = new Date()): Promise<CategoryCount[]> {
  let members: SQL | null = null;
  if (scope.feed === "new") return listCategories(now.getTime());
  if (scope.feed === "trending") {
    const ranking = await getLiveRanking(now);
    const ids = ranking.rows.map((row) => row.paperId);
    if (ids.length === 0) return [];
    members = sql`${papers.id} = any(${`{${ids.join(",")}}`}::int[])`;
  } else if (scope.feed === "snapshot") {
    if (!scope.period || !parseDay(scope.period)) return [];
    members = sql`${papers.id} in (select ${trendingSnapshots.paperId} from ${trendingSnapshots} where ${trendingSnapshots.date} = ${scope.period})`;
  } else {
    const period = periodOf(scope.feed, { feed: scope.feed, limit: 1, ...periodParam(scope.feed, scope.period) }, now);
    if (!period) return [];
    if (scope.feed === "daily") {
      members = and(gte(papers.addedAt, period.start), lt(papers.addedAt, period.end))!;
    } else {
      // The weekly and monthly feeds list papers with votes in the period (topByPeriodVotes).
      members = sql`${papers.id} in (select ${voteBuckets.paperId} from ${voteBuckets}
        where ${voteBuckets.hour} >= ${period.start.toISOString()}::timestamptz and ${voteBuckets.hour} < ${period.end.toISOString()}::timestamptz
        group by ${voteBuckets.paperId} having sum(${voteBuckets.votes}) > 0)`;
    }
  }
  const rows = await getDb().execute<{ category: string; papers: number }>(
    sql`select c as category, count(*)::int as papers
        from ${papers}, unnest(${papers.categories}) as c
        where ${members}
        group by c order by count(*) desc, c asc limit ${MAX_LISTED_CATEGORIES}`,
  );
  return rows.map((row) => ({ category: row.category, papers: row.papers }));
}

function periodParam(feed: "daily" | "weekly" | "monthly", period: string | undefined): Partial<FeedQuery> {
  if (!period) return {};
  if (feed === "daily") return parseDay(period) ? { date: period } : {};
  if (feed === "weekly") return parseWeek(period) ? { week: period } : {};
  return parseMonth(period) ? { month: period } : {};
}
