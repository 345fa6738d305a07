-- Issue #22: the typo fallback of search corrects each word against the words that occur in
-- papers, instead of comparing the query with every title and author name. The lexicon grows
-- with the vocabulary (a few hundred thousand words for all of arXiv), not with the papers. A GIN
-- trigram index finds the words similar to one word (`%`): measured on 240k terms, 4-13 ms per
-- query on a loaded machine, where GiST's nearest-neighbour order (`<->`) took 23-180 ms
-- (docs/SCALING.md).
--
-- Terms are only ever added (ON CONFLICT DO NOTHING takes no lock on an existing row, so
-- concurrent ingests never wait on each other for a common word). A term left over by a
-- deleted or edited paper is harmless: a correction to it finds no paper and the search says
-- nothing matched.
CREATE TABLE "search_terms" (
	"term" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_terms_term_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);--> statement-breakpoint
-- The words of a text as search corrects them: PostgreSQL's 'simple' parser, lower case, no
-- stemming (a correction must be a word a reader recognises), at most 40 characters.
CREATE FUNCTION "search_terms_of"(body text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT term FROM unnest(tsvector_to_array(to_tsvector('simple', coalesce(body, '')))) AS term
  WHERE char_length(term) BETWEEN 2 AND 40
$$;--> statement-breakpoint
-- New papers, once per statement: an ingest of thousands of papers adds its words in one
-- aggregated insert.
CREATE FUNCTION "papers_add_search_terms"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
  SELECT DISTINCT t FROM new_papers, search_terms_of(title || ' ' || abstract || ' ' || authors_text) AS t
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "papers_add_search_terms" AFTER INSERT ON "papers"
  REFERENCING NEW TABLE AS new_papers FOR EACH STATEMENT EXECUTE FUNCTION "papers_add_search_terms"();--> statement-breakpoint
-- A changed title, abstract or author list (the author trigger rewrites authors_text one row
-- at a time): only the changed fields' words. Vote and comment counters update other columns
-- and never fire it.
CREATE FUNCTION "papers_add_changed_search_terms"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
  SELECT DISTINCT t FROM search_terms_of(
    CASE WHEN NEW.title IS DISTINCT FROM OLD.title THEN NEW.title ELSE '' END || ' ' ||
    CASE WHEN NEW.abstract IS DISTINCT FROM OLD.abstract THEN NEW.abstract ELSE '' END || ' ' ||
    CASE WHEN NEW.authors_text IS DISTINCT FROM OLD.authors_text THEN NEW.authors_text ELSE '' END) AS t
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "papers_add_changed_search_terms" AFTER UPDATE OF "title", "abstract", "authors_text" ON "papers"
  FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title OR NEW.abstract IS DISTINCT FROM OLD.abstract OR NEW.authors_text IS DISTINCT FROM OLD.authors_text)
  EXECUTE FUNCTION "papers_add_changed_search_terms"();--> statement-breakpoint
INSERT INTO "search_terms" ("term")
  SELECT DISTINCT t FROM "papers", search_terms_of(title || ' ' || abstract || ' ' || authors_text) AS t
  ON CONFLICT DO NOTHING;
