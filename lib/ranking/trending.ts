import "server-only";
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { papers, trendingSnapshotRuns, trendingSnapshots, voteBuckets } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { invalidateTags, notifyStatement, tagVersion } from "@/lib/cache/shared-cache";
import { addDays, formatDay, parseDay } from "@/lib/ranking/periods";
import { inCategory, listPaperSummaries, type PaperSummary } from "@/lib/papers/papers";
import type { TrendingParams } from "@/lib/ranking/ranking";
import { metrics } from "@/lib/server/metrics";

/**
 * The trending feed: the ranking (docs/RANKING.md) computed in SQL over the hourly vote
 * buckets, the live feed cached briefly in-process, and the dated daily snapshots written
 * by an idempotent job (docs/JOBS.md).
 */

const HOUR_MS = 60 * 60 * 1000;
/** How many papers a ranking keeps: the live feed and each daily snapshot. */
export const TRENDING_DEPTH = 500;
/** The live ranking is recomputed at most this often (a vote here recomputes it at once). */
const LIVE_TTL_MS = 60 * 1000;

export function trendingParams(): TrendingParams {
  const env = getEnv();
  return {
    halfLifeHours: env.TRENDING_HALF_LIFE_HOURS,
    windowDays: env.TRENDING_WINDOW_DAYS,
    minWeightedVotes: env.TRENDING_MIN_VOTES,
  };
}

export interface TrendingMetricsRow {
  paperId: number;
  rank: number;
  score: number;
  windowWeight: number;
  votes24h: number;
  windowVotes: number;
}

type Executor = Pick<Database, "execute">;

/**
 * The ranking as it stood at `asOf`: the same formula as testing/ranking-reference.ts, the
 * tests' TypeScript twin (lib/ranking/trending.test.ts holds them equal), over the buckets of the
 * window only, so its cost follows the votes in the window, not all the votes ever cast.
 */
export async function computeTrending(
  asOf: Date,
  params: TrendingParams = trendingParams(),
  limit = TRENDING_DEPTH,
  db: Executor = getDb(),
): Promise<TrendingMetricsRow[]> {
  const at = asOf.toISOString();
  const rows = await db.execute<Omit<TrendingMetricsRow, "rank">>(sql`
    select b.paper_id as "paperId",
           sum(b.weight::float8 * power(0.5::float8,
               greatest(0, extract(epoch from (${at}::timestamptz - b.hour)) / 3600.0 - 0.5) / ${params.halfLifeHours}::float8)) as score,
           sum(b.weight::float8) as "windowWeight",
           sum(b.votes)::int as "windowVotes",
           coalesce(sum(b.votes) filter (where b.hour >= ${at}::timestamptz - interval '24 hours'), 0)::int as "votes24h"
    from vote_buckets b
    where b.hour < ${at}::timestamptz
      and b.hour >= ${at}::timestamptz - make_interval(days => ${params.windowDays}::int)
    group by b.paper_id
    having sum(b.weight::float8) >= ${params.minWeightedVotes}::float8 and sum(b.weight::float8) > 0
    order by score desc, "windowWeight" desc, b.paper_id asc
    limit ${limit}`);
  return rows.map((row, index) => ({ ...row, rank: index + 1 }));
}

// ---------------------------------------------------------------------------------------
// The live feed.

interface LiveRanking {
  computedAt: number;
  rows: TrendingMetricsRow[];
  /** Rank of each paper in yesterday's snapshot, for "▲3 since yesterday". */
  yesterday: Map<number, number>;
  yesterdayDate: string;
}

interface LiveRankingState {
  /** The newest computation, running or done, and the generation it started from. */
  latest?: { ranking: Promise<LiveRanking>; generation: number; at: number; settled: boolean };
  /** The computation queued behind a running one that started before the newest change. */
  next?: Promise<LiveRanking>;
}

// On globalThis: route handlers and pages may be separate module instances in one server.
const globalCache = globalThis as unknown as { paperboardLiveRanking?: LiveRankingState };
const liveState = (): LiveRankingState => (globalCache.paperboardLiveRanking ??= {});

/**
 * The live ranking follows the shared cache's "trending" tag (lib/cache/shared-cache.ts): every
 * change to its inputs (votes, submissions, ingests), on this server or, through
 * LISTEN/NOTIFY, on another, moves the tag's version on.
 */
const generation = () => tagVersion("trending");

/** Marks the live ranking and the feeds made from it out of date, on this server only (tests). */
export function invalidateLiveTrending(): void {
  invalidateTags(["trending", "feeds"]);
}

async function loadLiveRanking(now: Date): Promise<LiveRanking> {
  const yesterdayDate = addDays(formatDay(now), -1);
  const [rows, snapshot] = await Promise.all([
    computeTrending(now),
    getDb()
      .select({ paperId: trendingSnapshots.paperId, rank: trendingSnapshots.rank })
      .from(trendingSnapshots)
      .where(eq(trendingSnapshots.date, yesterdayDate)),
  ]);
  return {
    computedAt: now.getTime(),
    rows,
    yesterday: new Map(snapshot.map((row) => [row.paperId, row.rank])),
    yesterdayDate,
  };
}

function startLiveRanking(state: LiveRankingState, now: Date): Promise<LiveRanking> {
  const entry = { ranking: loadLiveRanking(now), generation: generation(), at: now.getTime(), settled: false };
  state.latest = entry;
  entry.ranking.then(
    () => {
      entry.settled = true;
    },
    () => {
      entry.settled = true;
      if (state.latest === entry) state.latest = undefined;
    },
  );
  return entry.ranking;
}

/**
 * The live ranking: computed at most once a minute per server, and again after a change on
 * this server, one computation at a time. Readers share the running one when it started
 * after the last change; otherwise they share one queued behind it, which starts when it
 * ends and covers every change made until then. Under a stream of votes the ranking is thus
 * recomputed back to back at worst, never by every reader at once.
 */
export async function getLiveRanking(now = new Date()): Promise<LiveRanking> {
  const state = liveState();
  const latest = state.latest;
  if (latest && latest.generation === generation() && now.getTime() - latest.at < LIVE_TTL_MS) {
    metrics.liveRankingCache.inc({ result: "hit" });
    return latest.ranking;
  }
  metrics.liveRankingCache.inc({ result: "miss" });
  if (latest && !latest.settled) {
    state.next ??= latest.ranking
      .catch(() => undefined)
      .then(() => {
        state.next = undefined;
        return startLiveRanking(state, now);
      });
    return state.next;
  }
  return startLiveRanking(state, now);
}

export interface TrendingPaper extends PaperSummary {
  trending: {
    rank: number;
    score: number;
    votes24h: number;
    votesPerHour: number;
    /** Votes in the whole window, as counted, and what they weigh (the card's "why"). */
    windowVotes: number;
    windowWeight: number;
    /** Positive: moved up since yesterday's snapshot; null: not in it ("new"). */
    rankChange: number | null;
  };
}

async function summariesByIds(ids: number[]): Promise<Map<number, PaperSummary & { id: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await listPaperSummaries({
    where: inArray(papers.id, ids),
    orderBy: [asc(papers.id)],
    limit: ids.length,
    withId: true,
  });
  return new Map(rows.map((row) => [row.id!, row as PaperSummary & { id: number }]));
}

function votesPerHour(votes24h: number): number {
  return Math.round((votes24h / 24) * 10) / 10;
}

async function idsInCategory(ids: number[], category: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await getDb()
    .select({ id: papers.id })
    .from(papers)
    .where(and(inArray(papers.id, ids), inCategory(category)));
  return new Set(rows.map((row) => row.id));
}

/**
 * The live ranking narrowed to one category, ranks counted within it. Yesterday's ranks are
 * narrowed the same way, so "▲3 since yesterday" compares like with like.
 */
async function narrowRanking(ranking: LiveRanking, category: string): Promise<Pick<LiveRanking, "rows" | "yesterday">> {
  const candidates = new Set([...ranking.rows.map((row) => row.paperId), ...ranking.yesterday.keys()]);
  const inside = await idsInCategory([...candidates], category);
  return {
    rows: ranking.rows.filter((row) => inside.has(row.paperId)).map((row, index) => ({ ...row, rank: index + 1 })),
    yesterday: new Map(
      [...ranking.yesterday]
        .filter(([paperId]) => inside.has(paperId))
        .sort((a, b) => a[1] - b[1])
        .map(([paperId], index) => [paperId, index + 1]),
    ),
  };
}

/** A page of the live trending feed; with a category, ranks are counted within it. */
export async function getTrendingPage(options: { limit: number; offset: number; now?: Date; category?: string }) {
  const live = await getLiveRanking(options.now);
  const ranking = options.category ? { ...live, ...(await narrowRanking(live, options.category)) } : live;
  const slice = ranking.rows.slice(options.offset, options.offset + options.limit);
  const summaries = await summariesByIds(slice.map((row) => row.paperId));
  const items: (TrendingPaper & { id: number })[] = slice.flatMap((row) => {
    const paper = summaries.get(row.paperId);
    if (!paper) return [];
    const before = ranking.yesterday.get(row.paperId);
    return [
      {
        ...paper,
        trending: {
          rank: row.rank,
          score: Math.round(row.score * 1000) / 1000,
          votes24h: row.votes24h,
          votesPerHour: votesPerHour(row.votes24h),
          windowVotes: row.windowVotes,
          windowWeight: Math.round(row.windowWeight * 100) / 100,
          rankChange: before === undefined ? null : before - row.rank,
        },
      },
    ];
  });
  return {
    items,
    total: ranking.rows.length,
    computedAt: new Date(ranking.computedAt),
    yesterdayDate: ranking.yesterdayDate,
  };
}

/** Hourly vote counts over the window for each paper, oldest first: the cards' sparklines. */
export async function getSparklines(paperIds: number[], now = new Date()): Promise<Map<number, number[]>> {
  const { windowDays } = trendingParams();
  const hours = windowDays * 24;
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const start = end - (hours - 1) * HOUR_MS;
  const result = new Map(paperIds.map((id) => [id, new Array<number>(hours).fill(0)]));
  if (paperIds.length === 0) return result;
  const rows = await getDb()
    .select({ paperId: voteBuckets.paperId, hour: voteBuckets.hour, votes: voteBuckets.votes })
    .from(voteBuckets)
    .where(and(inArray(voteBuckets.paperId, paperIds), gte(voteBuckets.hour, new Date(start))));
  for (const row of rows) {
    const index = Math.floor((row.hour.getTime() - start) / HOUR_MS);
    const series = result.get(row.paperId);
    if (series && index >= 0 && index < hours) series[index]! += row.votes;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Daily snapshots.

/** The instant a day's snapshot describes: 00:00 UTC of the next day. */
export function snapshotInstant(day: string): Date {
  return parseDay(day)!.end;
}

/**
 * Writes the snapshot of `day`. Idempotent (it replaces the day's rows with the same
 * ranking), and safe when several servers run it at once: a transaction-level advisory lock
 * per day makes them take turns, and each writes the same rows.
 */
export async function writeTrendingSnapshot(day: string, params: TrendingParams = trendingParams()): Promise<number> {
  if (!parseDay(day)) throw new RangeError(`not a day: ${day}`);
  const written = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('trending-snapshot'), hashtext(${day}))`);
    const ranking = await computeTrending(snapshotInstant(day), params, TRENDING_DEPTH, tx);
    await tx.delete(trendingSnapshots).where(eq(trendingSnapshots.date, day));
    if (ranking.length > 0) {
      await tx.insert(trendingSnapshots).values(
        ranking.map((row) => ({
          date: day,
          rank: row.rank,
          paperId: row.paperId,
          score: row.score,
          votes24h: row.votes24h,
        })),
      );
    }
    await tx
      .insert(trendingSnapshotRuns)
      .values({ date: day, papers: ranking.length })
      .onConflictDoUpdate({
        target: trendingSnapshotRuns.date,
        set: { computedAt: sql`now()`, papers: ranking.length },
      });
    // Snapshot feeds and the papers' best ranks, on every app server.
    await tx.execute(notifyStatement(SNAPSHOT_TAGS));
    return ranking.length;
  });
  invalidateTags(SNAPSHOT_TAGS);
  return written;
}

const SNAPSHOT_TAGS = ["snapshots", "feeds"] as const;

/** How far back the catch-up looks for days it missed. */
export const CATCH_UP_DAYS = 30;

/**
 * Rewrites the daily snapshots from the day of the earliest of these times to yesterday (at
 * most CATCH_UP_DAYS back): after votes were reweighed or removed (lib/moderation/moderation.ts).
 */
export async function rewriteSnapshotsSince(times: Date[]): Promise<string[]> {
  if (times.length === 0) return [];
  const yesterday = addDays(formatDay(new Date()), -1);
  const earliestAllowed = addDays(yesterday, -CATCH_UP_DAYS);
  let day = formatDay(new Date(Math.min(...times.map((time) => time.getTime()))));
  if (day < earliestAllowed) day = earliestAllowed;
  const written: string[] = [];
  for (; day <= yesterday; day = addDays(day, 1)) {
    await writeTrendingSnapshot(day);
    written.push(day);
  }
  return written;
}

/**
 * Writes every finished day (up to yesterday, UTC) that has no snapshot yet, from the
 * first day with votes or CATCH_UP_DAYS ago, whichever is later. Returns the days written.
 */
export async function catchUpTrendingSnapshots(now = new Date()): Promise<string[]> {
  const db = getDb();
  const yesterday = addDays(formatDay(now), -1);
  const [first] = await db.select({ at: sql<string | null>`min(${voteBuckets.hour})::text` }).from(voteBuckets);
  if (!first?.at) return [];
  const earliest = addDays(formatDay(now), -CATCH_UP_DAYS);
  const firstVoteDay = formatDay(new Date(first.at));
  let day = firstVoteDay > earliest ? firstVoteDay : earliest;
  const done = new Set(
    (
      await db
        .select({ date: trendingSnapshotRuns.date })
        .from(trendingSnapshotRuns)
        .where(gte(trendingSnapshotRuns.date, day))
    ).map((row) => row.date),
  );
  const written: string[] = [];
  while (day <= yesterday) {
    if (!done.has(day)) {
      await writeTrendingSnapshot(day);
      written.push(day);
    }
    day = addDays(day, 1);
  }
  return written;
}

export interface SnapshotPage {
  date: string;
  computed: boolean;
  items: (PaperSummary & { trending: { rank: number; score: number; votes24h: number; votesPerHour: number } })[];
  previous: string | null;
  next: string | null;
}

/** A page of a day's snapshot; with a category, ranks are counted within it. */
export async function getTrendingSnapshot(
  day: string,
  options: { limit: number; offset: number; category?: string },
): Promise<SnapshotPage> {
  const db = getDb();
  const [run] = await db.select().from(trendingSnapshotRuns).where(eq(trendingSnapshotRuns.date, day));
  const stored = run
    ? await db
        .select({
          paperId: trendingSnapshots.paperId,
          rank: trendingSnapshots.rank,
          score: trendingSnapshots.score,
          votes24h: trendingSnapshots.votes24h,
        })
        .from(trendingSnapshots)
        .innerJoin(papers, eq(papers.id, trendingSnapshots.paperId))
        .where(and(eq(trendingSnapshots.date, day), options.category ? inCategory(options.category) : undefined))
        .orderBy(asc(trendingSnapshots.rank))
        .limit(options.limit)
        .offset(options.offset)
    : [];
  const rows = options.category ? stored.map((row, index) => ({ ...row, rank: options.offset + index + 1 })) : stored;
  const summaries = await summariesByIds(rows.map((row) => row.paperId));
  const [previous] = await db
    .select({ date: trendingSnapshotRuns.date })
    .from(trendingSnapshotRuns)
    .where(lt(trendingSnapshotRuns.date, day))
    .orderBy(desc(trendingSnapshotRuns.date))
    .limit(1);
  const [next] = await db
    .select({ date: trendingSnapshotRuns.date })
    .from(trendingSnapshotRuns)
    .where(sql`${trendingSnapshotRuns.date} > ${day}`)
    .orderBy(asc(trendingSnapshotRuns.date))
    .limit(1);
  return {
    date: day,
    computed: Boolean(run),
    items: rows.flatMap((row) => {
      const paper = summaries.get(row.paperId);
      return paper
        ? [
            {
              ...paper,
              trending: {
                rank: row.rank,
                score: row.score,
                votes24h: row.votes24h,
                votesPerHour: votesPerHour(row.votes24h),
              },
            },
          ]
        : [];
    }),
    previous: previous?.date ?? null,
    next: next?.date ?? null,
  };
}

/** The days that have a snapshot, newest first (the sitemap lists their pages). */
export async function listSnapshotDates(limit: number): Promise<string[]> {
  const rows = await getDb()
    .select({ date: trendingSnapshotRuns.date })
    .from(trendingSnapshotRuns)
    .orderBy(desc(trendingSnapshotRuns.date))
    .limit(limit);
  return rows.map((row) => row.date);
}

export async function latestSnapshotDate(): Promise<string | null> {
  const [row] = await getDb()
    .select({ date: trendingSnapshotRuns.date })
    .from(trendingSnapshotRuns)
    .orderBy(desc(trendingSnapshotRuns.date))
    .limit(1);
  return row?.date ?? null;
}

/** The paper's best rank in any daily snapshot, with its date (the earliest if tied). */
export async function getBestTrendingRank(paperId: number): Promise<{ rank: number; date: string } | null> {
  const [row] = await getDb()
    .select({ rank: trendingSnapshots.rank, date: trendingSnapshots.date })
    .from(trendingSnapshots)
    .where(eq(trendingSnapshots.paperId, paperId))
    .orderBy(asc(trendingSnapshots.rank), asc(trendingSnapshots.date))
    .limit(1);
  return row ?? null;
}

/** The vote history chart's reach: a paper added years ago keeps a readable chart. */
const VOTE_HISTORY_DAYS = 120;

/**
 * Votes per day (UTC) since the paper was added: the paper page's chart. Read from the
 * hourly buckets (at most 24 × VOTE_HISTORY_DAYS rows by the primary key), never from the
 * votes: the most-voted paper costs what any other does.
 */
export async function getVoteHistory(
  paperId: number,
  addedAt: Date,
  now = new Date(),
): Promise<{ day: string; votes: number }[]> {
  const last = formatDay(now);
  const first = addDays(last, -(VOTE_HISTORY_DAYS - 1));
  const rows = await getDb()
    .select({
      day: sql<string>`to_char(${voteBuckets.hour} at time zone 'UTC', 'YYYY-MM-DD')`,
      votes: sql<number>`sum(${voteBuckets.votes})::int`,
    })
    .from(voteBuckets)
    .where(and(eq(voteBuckets.paperId, paperId), gte(voteBuckets.hour, startOfDay(first))))
    .groupBy(sql`1`)
    .having(sql`sum(${voteBuckets.votes}) > 0`);
  const byDay = new Map(rows.map((row) => [row.day, row.votes]));
  const history: { day: string; votes: number }[] = [];
  const firstVote = rows.map((row) => row.day).sort()[0];
  let day = formatDay(addedAt);
  if (firstVote && firstVote < day) day = firstVote;
  if (day < first) day = first;
  while (day <= last) {
    history.push({ day, votes: byDay.get(day) ?? 0 });
    day = addDays(day, 1);
  }
  return history;
}

/** Midnight UTC at the start of `day` (YYYY-MM-DD). */
function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
