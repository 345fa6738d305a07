-- Counters that stay exact whatever deletes rows, and what deleting an account needs
-- (docs/PRIVACY.md, docs/ARCHITECTURE.md "Counters").
--
-- Inserts keep their counters where they happen (cast_vote, lib/comments.ts), and so does
-- cast_vote's un-vote, on the hot path; every other DELETE of votes, comment votes or
-- comments, by the app, by a cascade from a deleted user or paper, or by an operator's
-- `DELETE` in psql, moves the counters in an AFTER DELETE trigger. The triggers are statement-level with a transition table: a user
-- with 10,000 votes costs one grouped UPDATE per table, not 10,000 row triggers.
--
-- Lock order, everywhere: papers (by id) before vote_buckets. cast_vote takes one paper
-- then one bucket; a trigger takes all its papers in id order, then its buckets. Neither
-- can then wait for a lock the other holds while holding one the other wants. The triggers
-- lock FOR NO KEY UPDATE, the lock an UPDATE of a counter takes anyway: FOR UPDATE would
-- also wait for the KEY SHARE locks that the foreign-key checks of a concurrent vote insert
-- hold on the paper, and deadlock with a vote waiting on the user row being deleted.

-- 1. Votes.
CREATE OR REPLACE FUNCTION votes_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM papers p WHERE p.id IN (SELECT DISTINCT o.paper_id FROM old_votes o) ORDER BY p.id FOR NO KEY UPDATE OF p;
  UPDATE papers p SET upvotes = p.upvotes - g.n
  FROM (SELECT o.paper_id, count(*)::int AS n FROM old_votes o GROUP BY o.paper_id) g
  WHERE p.id = g.paper_id;
  -- An emptied bucket stays (votes 0): the next vote in that hour reuses it, and trending
  -- reads it as nothing. Weights are float4 sums, clamped so that rounding never goes below 0.
  UPDATE vote_buckets b SET votes = b.votes - g.n, weight = greatest(0, b.weight - g.w)
  FROM (
    SELECT o.paper_id, date_trunc('hour', o.created_at, 'UTC') AS hour, count(*)::int AS n, sum(o.weight)::real AS w
    FROM old_votes o GROUP BY 1, 2
  ) g
  WHERE b.paper_id = g.paper_id AND b.hour = g.hour;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- cast_vote's own un-vote moves the counter and the bucket itself, as before, and tells this
-- trigger so through a transaction-local setting that it sets around its DELETE and clears
-- right after: on the hot path the statement trigger (about 0.1 ms of planning and grouping
-- per call, measured) is never queued. Any other DELETE, by the app or by hand, finds the
-- setting empty and is counted here.
CREATE TRIGGER "votes_counters_after_delete" AFTER DELETE ON "votes"
  REFERENCING OLD TABLE AS old_votes
  FOR EACH STATEMENT
  WHEN (current_setting('paperboard.counters_moved_by', true) IS DISTINCT FROM 'cast_vote')
  EXECUTE FUNCTION votes_after_delete();--> statement-breakpoint

-- cast_vote (drizzle/0009_hot_vote_path.sql) as before, with two changes: the paper's counter
-- moves before its bucket (the lock order above), and the un-vote's DELETE is marked as
-- already counted (the setting above).
CREATE OR REPLACE FUNCTION cast_vote(
  p_user_id text, p_arxiv_id text, p_upvoted boolean, p_weight real, p_at timestamptz,
  p_rate_key text, p_rate_window_start timestamptz, p_rate_limit integer
) RETURNS TABLE (outcome text, upvotes integer, hits integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_hits integer;
  v_paper_id integer;
  v_submitter text;
  v_upvotes integer;
  v_created_at timestamptz;
  v_weight real;
  v_banned boolean;
BEGIN
  SELECT u.banned_at IS NOT NULL INTO v_banned FROM users u WHERE u.id = p_user_id;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'no_user'::text, NULL::integer, 0;
    RETURN;
  ELSIF v_banned THEN
    RETURN QUERY SELECT 'banned'::text, NULL::integer, 0;
    RETURN;
  END IF;
  v_hits := consume_rate_limit(p_rate_key, p_rate_window_start);
  IF v_hits > p_rate_limit THEN
    RETURN QUERY SELECT 'rate_limited'::text, NULL::integer, v_hits;
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext(p_user_id), hashtext(p_arxiv_id));
  SELECT p.id, p.submitted_by_id, p.upvotes INTO v_paper_id, v_submitter, v_upvotes
  FROM papers p WHERE p.arxiv_id = p_arxiv_id;
  IF v_paper_id IS NULL THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::integer, v_hits;
    RETURN;
  END IF;
  IF p_upvoted THEN
    v_weight := CASE WHEN v_submitter = p_user_id THEN 0 ELSE p_weight END;
    INSERT INTO votes (user_id, paper_id, created_at, weight)
    VALUES (p_user_id, v_paper_id, p_at, v_weight)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
      UPDATE papers p SET upvotes = p.upvotes + 1 WHERE p.id = v_paper_id RETURNING p.upvotes INTO v_upvotes;
      INSERT INTO vote_buckets AS b (paper_id, hour, votes, weight)
      VALUES (v_paper_id, date_trunc('hour', p_at, 'UTC'), 1, v_weight)
      ON CONFLICT (paper_id, hour) DO UPDATE SET votes = b.votes + 1, weight = b.weight + excluded.weight;
    END IF;
  ELSE
    PERFORM set_config('paperboard.counters_moved_by', 'cast_vote', true);
    DELETE FROM votes v WHERE v.user_id = p_user_id AND v.paper_id = v_paper_id
    RETURNING v.created_at, v.weight INTO v_created_at, v_weight;
    PERFORM set_config('paperboard.counters_moved_by', '', true);
    IF v_created_at IS NOT NULL THEN
      UPDATE papers p SET upvotes = p.upvotes - 1 WHERE p.id = v_paper_id RETURNING p.upvotes INTO v_upvotes;
      UPDATE vote_buckets b SET votes = b.votes - 1, weight = greatest(0, b.weight - v_weight)
      WHERE b.paper_id = v_paper_id AND b.hour = date_trunc('hour', v_created_at, 'UTC');
    END IF;
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_upvotes, v_hits;
END
$$;--> statement-breakpoint

-- 2. Comment votes: comments.upvotes counts them.
CREATE OR REPLACE FUNCTION comment_votes_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM comments c WHERE c.id IN (SELECT DISTINCT o.comment_id FROM old_comment_votes o) ORDER BY c.id FOR NO KEY UPDATE OF c;
  UPDATE comments c SET upvotes = c.upvotes - g.n
  FROM (SELECT o.comment_id, count(*)::int AS n FROM old_comment_votes o GROUP BY o.comment_id) g
  WHERE c.id = g.comment_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "comment_votes_counters_after_delete" AFTER DELETE ON "comment_votes"
  REFERENCING OLD TABLE AS old_comment_votes
  FOR EACH STATEMENT EXECUTE FUNCTION comment_votes_after_delete();--> statement-breakpoint

-- 3. Comments: papers.comment_count counts the visible ones (neither deleted nor removed).
CREATE OR REPLACE FUNCTION comments_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM papers p
  WHERE p.id IN (SELECT DISTINCT o.paper_id FROM old_comments o WHERE o.deleted_at IS NULL AND o.hidden_at IS NULL)
  ORDER BY p.id FOR NO KEY UPDATE OF p;
  UPDATE papers p SET comment_count = p.comment_count - g.n
  FROM (
    SELECT o.paper_id, count(*)::int AS n FROM old_comments o
    WHERE o.deleted_at IS NULL AND o.hidden_at IS NULL GROUP BY o.paper_id
  ) g
  WHERE p.id = g.paper_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "comments_counters_after_delete" AFTER DELETE ON "comments"
  REFERENCING OLD TABLE AS old_comments
  FOR EACH STATEMENT EXECUTE FUNCTION comments_after_delete();--> statement-breakpoint

-- 4. A deleted user's comments stay in their threads, so that the replies of others keep
--    their place, as "[deleted user]" with the text removed: the author becomes NULL (ON
--    DELETE SET NULL) and this trigger empties the comment as its author's own deletion
--    would, whoever deletes the user, the app or an operator.
ALTER TABLE "comments" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" DROP CONSTRAINT "comments_author_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE OR REPLACE FUNCTION comments_author_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.deleted_at IS NULL AND OLD.hidden_at IS NULL THEN
    UPDATE papers p SET comment_count = p.comment_count - 1 WHERE p.id = OLD.paper_id;
  END IF;
  NEW.body := '[deleted]';
  NEW.deleted_at := coalesce(OLD.deleted_at, now());
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "comments_author_gone" BEFORE UPDATE OF "author_id" ON "comments"
  FOR EACH ROW WHEN (OLD.author_id IS NOT NULL AND NEW.author_id IS NULL)
  EXECUTE FUNCTION comments_author_gone();--> statement-breakpoint

-- 5. A deleted user's digest subscriptions go with them (and their queued deliveries with
--    those), so that no mail follows an account deletion, whoever deletes it.
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint

-- 6. The moderators' "remove a spammer" action, for the append-only log.
ALTER TYPE "public"."moderation_action" ADD VALUE 'remove_spammer';--> statement-breakpoint

-- 7. Start exact: counters that drifted before these triggers existed are recounted once
--    (the statements of db/maintenance.ts recountCounters).
UPDATE papers p SET upvotes = c.upvotes, comment_count = c.comment_count
FROM (
  SELECT p2.id,
         (SELECT count(*)::int FROM votes v WHERE v.paper_id = p2.id) AS upvotes,
         (SELECT count(*)::int FROM comments c WHERE c.paper_id = p2.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL) AS comment_count
  FROM papers p2
) c
WHERE c.id = p.id AND (p.upvotes <> c.upvotes OR p.comment_count <> c.comment_count);--> statement-breakpoint
UPDATE comments c SET upvotes = coalesce(v.n, 0)
FROM comments c2 LEFT JOIN (SELECT comment_id, count(*)::int AS n FROM comment_votes GROUP BY comment_id) v ON v.comment_id = c2.id
WHERE c2.id = c.id AND c.upvotes <> coalesce(v.n, 0);--> statement-breakpoint
DELETE FROM vote_buckets;--> statement-breakpoint
INSERT INTO vote_buckets (paper_id, hour, votes, weight)
SELECT paper_id, date_trunc('hour', created_at, 'UTC'), count(*)::int, sum(weight)::real FROM votes GROUP BY 1, 2;
