CREATE TABLE "ingest_checkpoints" (
	"job_key" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "arxiv_version" integer;--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "arxiv_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "withdrawn" boolean DEFAULT false NOT NULL;