CREATE TABLE "rate_limit_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "vote_buckets" (
	"paper_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"weight" real DEFAULT 0 NOT NULL,
	CONSTRAINT "vote_buckets_paper_id_hour_pk" PRIMARY KEY("paper_id","hour")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "vote_weight_override" real;--> statement-breakpoint
ALTER TABLE "vote_buckets" ADD CONSTRAINT "vote_buckets_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window_idx" ON "rate_limit_counters" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "vote_buckets_hour_idx" ON "vote_buckets" USING btree ("hour");