CREATE TABLE "github_repos" (
	"key" text PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"stars" integer,
	"etag" text,
	"checked_at" timestamp with time zone,
	"gone_at" timestamp with time zone,
	CONSTRAINT "github_repos_key_lowercase" CHECK ("github_repos"."key" = lower("github_repos"."key"))
);
--> statement-breakpoint
CREATE TABLE "github_star_samples" (
	"repo_key" text NOT NULL,
	"day" date NOT NULL,
	"stars" integer NOT NULL,
	CONSTRAINT "github_star_samples_repo_key_day_pk" PRIMARY KEY("repo_key","day")
);
--> statement-breakpoint
ALTER TABLE "github_star_samples" ADD CONSTRAINT "github_star_samples_repo_key_github_repos_key_fk" FOREIGN KEY ("repo_key") REFERENCES "public"."github_repos"("key") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "github_repos_due_idx" ON "github_repos" USING btree ("checked_at" NULLS FIRST) WHERE "github_repos"."gone_at" is null;
