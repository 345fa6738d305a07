import "server-only";
import { z } from "zod";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, getSql } from "@/db/client";
import { papers, users, votes } from "@/db/schema";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import { AppError } from "@/lib/errors";
import {
  isNewAccount,
  rateLimitError,
  rateLimitWindow,
  sweepRateLimitsSometimes,
  type RateLimitRule,
} from "@/lib/http/rate-limit";
import { voteWeight } from "@/lib/ranking/ranking";
import { assertCanWrite, bannedError } from "@/lib/moderation/moderation";
import type { Viewer } from "@/lib/identity/viewer";
import { CACHE_CHANNEL, invalidateTags, invalidationPayload, paperTag, type CacheTag } from "@/lib/cache/shared-cache";
import { metrics } from "@/lib/server/metrics";

/** What a vote on a paper changes: its page, every list showing its count, the live ranking. */
function voteTags(arxivId: string): CacheTag[] {
  return [paperTag(arxivId), "feeds", "trending"];
}

/** The body of PUT /api/papers/{arxivId}/vote: the desired state, never a toggle. */
export const voteBodySchema = z.strictObject({ upvoted: z.boolean() });

export const VOTE_RATE_LIMIT: RateLimitRule = { what: "votes", limit: 60, windowSeconds: 60 };
/** Accounts under a day old: a throwaway account should not be a cheap vote cannon. Same window. */
export const NEW_ACCOUNT_VOTE_RATE_LIMIT: RateLimitRule = {
  what: "votes",
  limit: 10,
  windowSeconds: VOTE_RATE_LIMIT.windowSeconds,
};

export interface VoteState {
  upvoted: boolean;
  upvotes: number;
}

/**
 * Sets the viewer's upvote on a paper to the desired state. Idempotent: the request carries
 * the state, not a toggle, so a retry or a double click never flips it twice. The vote row,
 * the paper's counter and the hourly bucket change in one transaction; the primary key on
 * (user, paper) makes a second vote impossible whatever the concurrency, and the counter is
 * only moved by the statement that actually inserted or deleted a row.
 */
export async function castVote(
  viewer: Viewer | null,
  rawArxivId: string,
  upvoted: boolean,
  now = new Date(),
): Promise<VoteState> {
  assertCanWrite(viewer);
  const arxivId = parseArxivId(rawArxivId)?.id;
  if (!arxivId) throw new AppError(404, "No paper with that arXiv id.");

  // Both vote limits share one window; which one applies depends on the account's age.
  const rule = isNewAccount(viewer.joinedAt, now) ? NEW_ACCOUNT_VOTE_RATE_LIMIT : VOTE_RATE_LIMIT;
  const window = rateLimitWindow(rule, now);
  // Fixed at vote time from the account as this request read it (lib/identity/viewer.ts); the
  // submitter's own vote is weighed 0 by the database, which knows the paper's submitter.
  const weight = voteWeight(
    {
      joinedAt: viewer.joinedAt,
      githubCreatedAt: viewer.githubCreatedAt,
      isSubmitter: false,
      weightOverride: viewer.voteWeightOverride,
    },
    now,
  );
  // One round trip: cast_vote (drizzle/0009_hot_vote_path.sql) counts the rate-limit hit,
  // refuses a banned or unknown user, takes a lock per (user, paper) so that two requests
  // of one user on one paper run one after the other and each acknowledges the state it
  // left, then moves the vote row, its hourly bucket and the paper's counter together.
  // The NOTIFY that invalidates the other app servers' caches rides in the same statement,
  // hence the same implicit transaction: sent on commit, and only for a vote that counted.
  const tags = voteTags(arxivId);
  let row: { outcome: VoteOutcome; upvotes: number | null; hits: number } | undefined;
  try {
    [row] = await getSql()<{ outcome: VoteOutcome; upvotes: number | null; hits: number }[]>`
      select v.outcome, v.upvotes, v.hits,
             case when v.outcome = 'ok' then pg_notify(${CACHE_CHANNEL}, ${invalidationPayload(tags)}) end as notified
      from cast_vote(
        ${viewer.id}, ${arxivId}, ${upvoted}, ${weight}::real, ${now.toISOString()}::timestamptz,
        ${`vote:user:${viewer.id}`}, ${window.start.toISOString()}::timestamptz, ${rule.limit}) as v`;
  } catch (error) {
    // The account or the paper was deleted between cast_vote's read and its insert (a
    // self-deletion, a spammer removal or an operator's DELETE committed meanwhile).
    const constraint = foreignKeyViolation(error);
    if (constraint === "votes_user_id_users_id_fk") throw new AppError(401, "Your account no longer exists.");
    if (constraint === "votes_paper_id_papers_id_fk") throw new AppError(404, "No paper with that arXiv id.");
    throw error;
  }
  await sweepRateLimitsSometimes(now);
  switch (row?.outcome) {
    case "ok":
      invalidateTags(tags);
      metrics.votes.inc({ direction: upvoted ? "up" : "down" });
      return { upvoted, upvotes: row.upvotes ?? 0 };
    case "rate_limited":
      throw rateLimitError(window.result(row.hits), rule);
    case "banned":
      throw bannedError();
    case "no_user":
      throw new AppError(401, "Sign in to vote.");
    default:
      throw new AppError(404, "No paper with that arXiv id.");
  }
}

type VoteOutcome = "ok" | "rate_limited" | "not_found" | "banned" | "no_user";

/** The constraint a PostgreSQL foreign-key violation (23503) names, else null. */
function foreignKeyViolation(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, constraint_name: constraint } = error as { code?: unknown; constraint_name?: unknown };
  return code === "23503" && typeof constraint === "string" ? constraint : null;
}

/** Which of these papers the viewer has upvoted (for the "you upvoted" state of cards). */
export async function getUpvotedArxivIds(
  viewerId: string | null | undefined,
  arxivIds: string[],
): Promise<Set<string>> {
  if (!viewerId || arxivIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ arxivId: papers.arxivId })
    .from(votes)
    .innerJoin(papers, eq(papers.id, votes.paperId))
    .where(and(eq(votes.userId, viewerId), inArray(papers.arxivId, arxivIds)));
  return new Set(rows.map((row) => row.arxivId));
}

export interface Voter {
  login: string;
  name: string | null;
  image: string | null;
}

/**
 * Who upvoted a paper, most recent first. The paper's id is looked up first (an InitPlan), so
 * that the newest `limit` votes are read backwards from (paper_id, created_at): a join on
 * the arXiv id would order by the outer table and sort every vote of a popular paper.
 */
export async function listVoters(arxivId: string, limit = 100): Promise<Voter[]> {
  const paperId = sql`(select ${papers.id} from ${papers} where ${papers.arxivId} = ${arxivId})`;
  const rows = await getDb()
    .select({ login: users.githubLogin, name: users.name, image: users.image })
    .from(votes)
    .innerJoin(users, eq(users.id, votes.userId))
    .where(sql`${votes.paperId} = ${paperId}`)
    .orderBy(desc(votes.createdAt))
    .limit(limit);
  return rows.flatMap((row) => (row.login ? [{ ...row, login: row.login }] : []));
}
