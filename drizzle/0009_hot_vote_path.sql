-- The vote path, made cheap for PostgreSQL and for the app server (docs/BENCHMARKS.md).
--
-- 1. No index covers papers.upvotes any more (nothing reads papers in upvote order without
--    a narrower filter first), so moving the counter is a HOT update: no new entry in the
--    paper's eight indexes, three of them GIN. Free space on each page keeps it HOT.
DROP INDEX "papers_upvotes_idx";--> statement-breakpoint
-- votes.created_at alone was never searched: vote history reads (paper_id, created_at).
DROP INDEX "votes_created_idx";--> statement-breakpoint
ALTER TABLE "papers" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "vote_buckets" SET (fillfactor = 90);--> statement-breakpoint
-- 2. The rate-limit upsert, one statement for every limit in lib/rate-limit.ts and for the
--    vote below: counts one hit in the key's fixed window and returns the window's hits.
CREATE FUNCTION consume_rate_limit(p_key text, p_window_start timestamptz) RETURNS integer
LANGUAGE sql VOLATILE AS $$
  INSERT INTO rate_limit_counters (key, window_start, hits)
  VALUES (p_key, p_window_start, 1)
  ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
  RETURNING hits
$$;--> statement-breakpoint
-- 3. A vote in one round trip and one transaction (lib/votes.ts castVote): the rate-limit
--    hit, the user's ban read where the vote is written, a lock per (user, paper), then the vote row, its hourly bucket and the paper's
--    counter, which moves only when the row did. The caller has authenticated the user and
--    computed the weight (lib/ranking.ts); the submitter's own vote weighs 0, decided here
--    where the paper's submitter is known. Each statement of a PL/pgSQL function sees the
--    rows committed before it started, so after the lock the counter read is the one left
--    by any earlier request of the same user on the same paper.
--    outcome: 'ok' | 'rate_limited' | 'not_found' | 'banned' | 'no_user'; upvotes: the
--    counter afterwards; hits: the rate-limit window's count with this one.
CREATE FUNCTION cast_vote(
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
      INSERT INTO vote_buckets AS b (paper_id, hour, votes, weight)
      VALUES (v_paper_id, date_trunc('hour', p_at, 'UTC'), 1, v_weight)
      ON CONFLICT (paper_id, hour) DO UPDATE SET votes = b.votes + 1, weight = b.weight + excluded.weight;
      UPDATE papers p SET upvotes = p.upvotes + 1 WHERE p.id = v_paper_id RETURNING p.upvotes INTO v_upvotes;
    END IF;
  ELSE
    DELETE FROM votes v WHERE v.user_id = p_user_id AND v.paper_id = v_paper_id
    RETURNING v.created_at, v.weight INTO v_created_at, v_weight;
    IF FOUND THEN
      UPDATE vote_buckets b SET votes = b.votes - 1, weight = greatest(0, b.weight - v_weight)
      WHERE b.paper_id = v_paper_id AND b.hour = date_trunc('hour', v_created_at, 'UTC');
      UPDATE papers p SET upvotes = p.upvotes - 1 WHERE p.id = v_paper_id RETURNING p.upvotes INTO v_upvotes;
    END IF;
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_upvotes, v_hits;
END
$$;
