import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { withTestDatabase } from "@/testing/with-test-database";
import { papers, users } from "@/db/schema";
import { recountCounters } from "@/db/maintenance";
import { AppError } from "@/lib/errors";
import { castVote } from "./votes";
import { createComment, deleteComment, getCommentTree, voteOnComment } from "../discussion/comments";
import { loadViewer } from "@/testing/viewers";

/**
 * The counters (papers.upvotes, papers.comment_count, comments.upvotes, vote_buckets) equal
 * their rows after any deletion, including an operator's DELETE in SQL on a separate
 * connection while people vote through the app (drizzle/0012).
 */

const database = withTestDatabase();
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const now = new Date("2026-11-27T10:30:00Z");
const PAPERS = Array.from({ length: 8 }, (_, i) => `2402.0000${i + 1}`);
const STAYING = Array.from({ length: 12 }, (_, i) => `stay-${i}`);
const DOOMED = Array.from({ length: 12 }, (_, i) => `doomed-${i}`);

/** Every counter against its rows, one list of differences per kind (empty when exact). */
async function differences() {
  const db = database.db();
  const paperRows = await db.execute<{
    arxiv_id: string;
    upvotes: number;
    votes: number;
    comment_count: number;
    visible: number;
  }>(sql`
    select p.arxiv_id, p.upvotes, (select count(*)::int from votes v where v.paper_id = p.id) as votes,
           p.comment_count,
           (select count(*)::int from comments c where c.paper_id = p.id and c.deleted_at is null and c.hidden_at is null) as visible
    from papers p`);
  const commentRows = await db.execute<{ id: number; upvotes: number; votes: number }>(sql`
    select c.id, c.upvotes, (select count(*)::int from comment_votes v where v.comment_id = c.id) as votes from comments c`);
  const bucketRows = await db.execute<{ paper_id: number; hour: string; bucket: number; rows: number }>(sql`
    with computed as (select paper_id, date_trunc('hour', created_at, 'UTC') as hour, count(*)::int as n from votes group by 1, 2)
    select coalesce(c.paper_id, b.paper_id) as paper_id, coalesce(c.hour, b.hour)::text as hour,
           coalesce(b.votes, 0) as bucket, coalesce(c.n, 0) as rows
    from computed c full join vote_buckets b on b.paper_id = c.paper_id and b.hour = c.hour
    where coalesce(b.votes, 0) <> coalesce(c.n, 0)`);
  return {
    upvotes: paperRows.filter((row) => row.upvotes !== row.votes),
    commentCounts: paperRows.filter((row) => row.comment_count !== row.visible),
    commentUpvotes: commentRows.filter((row) => row.upvotes !== row.votes),
    buckets: bucketRows,
  };
}

const exact = { upvotes: [], commentCounts: [], commentUpvotes: [], buckets: [] };

describe("counters stay exact whatever deletes", () => {
  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values(
      [...STAYING, ...DOOMED].map((id, i) => ({
        id,
        githubLogin: id,
        createdAt: new Date(now.getTime() - 90 * DAY),
        // Varied account ages give votes of different weights, so bucket weights are checked too.
        githubCreatedAt: new Date(now.getTime() - (i % 4 === 0 ? 20 : 2000) * DAY),
      })),
    );
    await db.insert(papers).values(PAPERS.map((arxivId) => ({ arxivId, title: `Paper ${arxivId}` })));
    // Votes over several hours, through the app.
    for (const [u, id] of [...STAYING, ...DOOMED].entries()) {
      const voter = await loadViewer(id);
      for (let k = 0; k < 5; k++)
        await castVote(
          voter,
          PAPERS[(u + k * 3) % PAPERS.length]!,
          true,
          new Date(now.getTime() - (u % 6) * HOUR - k * 7 * HOUR),
        );
    }
    // Comments by both kinds of users, replies across them, and comment votes.
    const rootIds: number[] = [];
    for (const [u, id] of DOOMED.entries()) {
      const comment = await createComment(
        await loadViewer(id),
        PAPERS[u % PAPERS.length]!,
        { body: `Doomed words ${u}` },
        now,
      );
      rootIds.push(comment.id);
    }
    for (const [u, id] of STAYING.entries()) {
      await createComment(
        await loadViewer(id),
        PAPERS[u % PAPERS.length]!,
        { body: `A reply ${u}`, parentId: rootIds[u] },
        now,
      );
      await voteOnComment(await loadViewer(id), rootIds[u]!, true);
      await voteOnComment(await loadViewer(id), rootIds[(u + 1) % rootIds.length]!, true);
    }
    for (const [u, id] of DOOMED.entries())
      await voteOnComment(await loadViewer(id), rootIds[(u + 3) % rootIds.length]!, true).catch(() => {});
    expect(await differences()).toEqual(exact);
  });

  it("an operator deletes users in SQL while others vote through the app: every counter equals its rows", async () => {
    const operator = postgres(database.url(), { max: 1, onnotice: () => {} });
    const refused: number[] = [];
    try {
      const voting = [...STAYING, ...DOOMED].map(async (id, u) => {
        for (let step = 0; step < 12; step++) {
          try {
            const voter = await loadViewer(id);
            await castVote(
              voter,
              PAPERS[(u * 5 + step) % PAPERS.length]!,
              (u + step) % 3 !== 0,
              new Date(now.getTime() + (step % 3) * HOUR),
            );
          } catch (error) {
            // A doomed voter is refused once the operator has deleted them: never a 5xx.
            if (error instanceof AppError) refused.push(error.status);
            else if (error instanceof Error && error.message.startsWith("loadViewer")) refused.push(401);
            else throw error;
          }
        }
      });
      const deleting = (async () => {
        for (const id of DOOMED.slice(0, 6)) await operator`delete from users where id = ${id}`;
        // Several at once, in one statement, as a takedown script would.
        await operator`delete from users where id in ${operator(DOOMED.slice(6))}`;
        // And single rows of each kind, as a clean-up by hand would.
        await operator`delete from votes where user_id = ${STAYING[0]!}`;
        await operator`delete from comment_votes where user_id = ${STAYING[1]!}`;
        await operator`delete from comments where author_id = ${STAYING[2]!}`;
      })();
      await Promise.all([...voting, deleting]);
    } finally {
      await operator.end();
    }
    expect(refused.every((status) => status === 401)).toBe(true);
    expect(await differences()).toEqual(exact);
    const db = database.db();
    expect(await db.transaction((tx) => recountCounters(tx))).toEqual({
      papers: 0,
      comments: 0,
      voteBuckets: 0,
      total: 0,
    });
    const [left] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from votes where user_id like 'doomed-%'`,
    );
    expect(left!.n).toBe(0);
  });

  it("a deleted user's comments stay in their threads as [deleted user], text removed, replies in place", async () => {
    const rows = await database.db().execute<{
      author_id: string | null;
      body: string;
      deleted: boolean;
      replies: number;
    }>(sql`
      select c.author_id, c.body, c.deleted_at is not null as deleted,
             (select count(*)::int from comments r where r.parent_id = c.id) as replies
      from comments c where c.body like 'Doomed%' or c.author_id is null`);
    expect(rows.length).toBe(DOOMED.length);
    for (const row of rows) expect(row).toMatchObject({ author_id: null, body: "[deleted]", deleted: true });
    expect(rows.filter((row) => row.replies > 0).length).toBeGreaterThan(0);
    const tree = await getCommentTree(PAPERS[0]!, "new", null);
    const tombstone = tree.find((node) => node.authorDeleted);
    expect(tombstone).toMatchObject({ author: null, state: "deleted", html: null });
    expect(JSON.stringify(tree)).not.toContain("Doomed words");
  });

  it("the app's own deletes move the counters once, not twice", async () => {
    const voter = await loadViewer(STAYING[3]!);
    const paper = PAPERS[7]!;
    await castVote(voter, paper, true, now);
    const down = await castVote(voter, paper, false, now);
    const [row] = await database.db().execute<{ upvotes: number; rows: number }>(sql`
      select p.upvotes, (select count(*)::int from votes v where v.paper_id = p.id) as rows from papers p where p.arxiv_id = ${paper}`);
    expect(down.upvotes).toBe(row!.rows);
    const comment = await createComment(
      voter,
      paper,
      { body: "To be deleted by its author" },
      new Date(now.getTime() + DAY),
    );
    await voteOnComment(await loadViewer(STAYING[4]!), comment.id, true);
    expect(await voteOnComment(await loadViewer(STAYING[4]!), comment.id, false)).toEqual({
      upvoted: false,
      upvotes: 0,
    });
    await deleteComment(voter, comment.id);
    expect(await differences()).toEqual(exact);
    // cast_vote's mark on its own DELETE ends with that DELETE: a later DELETE in the same
    // transaction is counted by the trigger.
    await castVote(voter, PAPERS[6]!, true, now);
    await castVote(voter, PAPERS[5]!, true, now);
    await database.db().transaction(async (tx) => {
      await tx.execute(
        sql`select * from cast_vote(${voter.id}, ${PAPERS[6]!}, false, 1::real, now(), 'test-key', now(), 1000)`,
      );
      await tx.execute(
        sql`delete from votes where user_id = ${voter.id} and paper_id = (select id from papers where arxiv_id = ${PAPERS[5]!})`,
      );
    });
    expect(await differences()).toEqual(exact);
    expect((await recountCounters(database.db())).total).toBe(0);
  });
});
