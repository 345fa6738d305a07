-- #22: every read a page makes is bounded by what it shows.
-- /new orders by (added_at desc, id): the old index was DESC NULLS LAST, which an ORDER BY
-- added_at DESC (nulls first) cannot use, so every /new sorted all papers.
DROP INDEX IF EXISTS "papers_added_at_idx";--> statement-breakpoint
CREATE INDEX "papers_added_at_id_idx" ON "papers" USING btree ("added_at" DESC, "id");--> statement-breakpoint
-- A profile's submitted papers, newest first (most papers have no submitter: partial).
CREATE INDEX "papers_submitted_by_idx" ON "papers" USING btree ("submitted_by_id", "added_at" DESC) WHERE "submitted_by_id" IS NOT NULL;--> statement-breakpoint
-- A profile's upvoted papers, most recent vote first.
CREATE INDEX "votes_user_created_idx" ON "votes" USING btree ("user_id", "created_at" DESC);--> statement-breakpoint
-- Search: titles equal to or starting with the query, found before any ranking.
CREATE INDEX "papers_lower_title_idx" ON "papers" USING btree (lower("title") text_pattern_ops);--> statement-breakpoint
-- The social image, rendered once per paper and content; served from here afterwards.
CREATE TABLE "paper_social_images" (
	"paper_id" integer PRIMARY KEY NOT NULL,
	"stamp" text NOT NULL,
	"upvotes" integer NOT NULL,
	"comment_count" integer NOT NULL,
	"png" "bytea" NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "paper_social_images" ADD CONSTRAINT "paper_social_images_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;
