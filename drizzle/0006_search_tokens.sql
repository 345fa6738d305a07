-- Trigram matching for typos and partial author names.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "authors_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "papers" p SET "authors_text" = coalesce((SELECT string_agg(a."name", ' ' ORDER BY a."position") FROM "paper_authors" a WHERE a."paper_id" = p."id"), '');--> statement-breakpoint
-- paper_authors is the source of truth; papers.authors_text follows it, whatever writes it.
CREATE FUNCTION "papers_refresh_authors_text"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.paper_id ELSE NEW.paper_id END;
BEGIN
  UPDATE papers SET authors_text = coalesce((SELECT string_agg(name, ' ' ORDER BY position) FROM paper_authors WHERE paper_id = target), '')
  WHERE id = target;
  IF TG_OP = 'UPDATE' AND OLD.paper_id <> NEW.paper_id THEN
    UPDATE papers SET authors_text = coalesce((SELECT string_agg(name, ' ' ORDER BY position) FROM paper_authors WHERE paper_id = OLD.paper_id), '')
    WHERE id = OLD.paper_id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "paper_authors_refresh_authors_text" AFTER INSERT OR UPDATE OR DELETE ON "paper_authors"
  FOR EACH ROW EXECUTE FUNCTION "papers_refresh_authors_text"();--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(authors_text, '')), 'B') || setweight(to_tsvector('english', coalesce(abstract, '')), 'C')) STORED;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "paper_authors_lower_name_idx" ON "paper_authors" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "paper_authors_name_trgm_idx" ON "paper_authors" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "papers_search_idx" ON "papers" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "papers_title_trgm_idx" ON "papers" USING gin ("title" gin_trgm_ops);