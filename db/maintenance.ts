import { sql } from "drizzle-orm";
import type { Database } from "./client";

type Executor = Pick<Database, "execute">;

/**
 * Derived data rebuilt from the source-of-truth rows. Plain SQL, usable from the app, the
 * seed and `npm run db:recount` alike.
 */

/** Sets every paper's `upvotes` and `comment_count` from its rows; returns the papers fixed. */
export async function recountPaperCounters(db: Executor): Promise<number> {
  const fixed = await db.execute(sql`
    with counted as (
      select p.id,
             (select count(*)::int from votes v where v.paper_id = p.id) as upvotes,
             (select count(*)::int from comments c where c.paper_id = p.id and c.deleted_at is null and c.hidden_at is null) as comment_count
      from papers p
    )
    update papers p set upvotes = counted.upvotes, comment_count = counted.comment_count
    from counted
    where counted.id = p.id and (p.upvotes <> counted.upvotes or p.comment_count <> counted.comment_count)
    returning p.id`);
  return fixed.length;
}

/** Rebuilds the hourly vote buckets from the votes table; returns the number of buckets. */
export async function rebuildVoteBuckets(db: Executor): Promise<number> {
  await db.execute(sql`delete from vote_buckets`);
  const rows = await db.execute(sql`
    insert into vote_buckets (paper_id, hour, votes, weight)
    select paper_id, date_trunc('hour', created_at), count(*)::int, sum(weight)::real
    from votes group by 1, 2
    returning paper_id`);
  return rows.length;
}

/** What recountCounters corrected: 0 everywhere when every counter equals its rows. */
export interface Corrections {
  /** Papers whose `upvotes` or `comment_count` differed from their rows. */
  papers: number;
  /** Comments whose `upvotes` differed from their comment votes. */
  comments: number;
  /** Hourly buckets whose votes or weight differed from the votes of that hour (or were missing). */
  voteBuckets: number;
  total: number;
}

// Bucket weights are float4 sums kept incrementally; a rebuilt sum may differ in its last
// bits. A difference above this per vote is a real one.
const BUCKET_WEIGHT_TOLERANCE = 0.001;

/**
 * `npm run db:recount`: sets every counter that differs from its rows and says how many it
 * corrected. Only differing rows are written, so a run on exact counters writes nothing. An
 * emptied bucket (0 votes, left by un-votes) counts as no bucket.
 */
export async function recountCounters(db: Executor): Promise<Corrections> {
  const papers = await recountPaperCounters(db);
  const comments = await db.execute(sql`
    update comments c set upvotes = coalesce(v.n, 0)
    from comments c2 left join (select comment_id, count(*)::int as n from comment_votes group by comment_id) v on v.comment_id = c2.id
    where c2.id = c.id and c.upvotes <> coalesce(v.n, 0)
    returning c.id`);
  const buckets = await db.execute(sql`
    with computed as (
      select paper_id, date_trunc('hour', created_at, 'UTC') as hour, count(*)::int as votes, sum(weight)::real as weight
      from votes group by 1, 2
    ), differing as (
      select coalesce(c.paper_id, b.paper_id) as paper_id, coalesce(c.hour, b.hour) as hour,
             coalesce(c.votes, 0) as votes, coalesce(c.weight, 0)::real as weight
      from computed c full join vote_buckets b on b.paper_id = c.paper_id and b.hour = c.hour
      where coalesce(b.votes, 0) <> coalesce(c.votes, 0)
         or abs(coalesce(b.weight, 0) - coalesce(c.weight, 0)) > ${BUCKET_WEIGHT_TOLERANCE}::float8 * greatest(1, coalesce(c.votes, 0))
    )
    insert into vote_buckets as b (paper_id, hour, votes, weight)
    select paper_id, hour, votes, weight from differing
    on conflict (paper_id, hour) do update set votes = excluded.votes, weight = excluded.weight
    returning b.paper_id`);
  return {
    papers,
    comments: comments.length,
    voteBuckets: buckets.length,
    total: papers + comments.length + buckets.length,
  };
}
