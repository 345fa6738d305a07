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
