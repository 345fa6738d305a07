CREATE TABLE "trending_snapshot_runs" (
	"date" date PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"papers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trending_snapshots" (
	"date" date NOT NULL,
	"rank" integer NOT NULL,
	"paper_id" integer NOT NULL,
	"score" real NOT NULL,
	"votes_24h" integer NOT NULL,
	CONSTRAINT "trending_snapshots_date_rank_pk" PRIMARY KEY("date","rank")
);
--> statement-breakpoint
ALTER TABLE "trending_snapshots" ADD CONSTRAINT "trending_snapshots_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trending_snapshots_date_paper_key" ON "trending_snapshots" USING btree ("date","paper_id");--> statement-breakpoint
CREATE INDEX "trending_snapshots_paper_idx" ON "trending_snapshots" USING btree ("paper_id","rank");