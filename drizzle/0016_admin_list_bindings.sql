-- Roles granted by ADMIN_GITHUB_LOGINS are kept apart from roles granted by an admin
-- (lib/admin-roles.ts, docs/SECURITY.md): users.role stays the effective role that every
-- check reads; granted_role is what an admin granted (moderator or not), restored when the
-- list stops making the user admin.
ALTER TABLE "users" ADD COLUMN "granted_role" "user_role" DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_granted_role_check" CHECK ("granted_role" <> 'admin');--> statement-breakpoint
UPDATE "users" SET "granted_role" = 'moderator' WHERE "role" = 'moderator';--> statement-breakpoint
-- One user per GitHub account: GitHub's numeric id never changes, unlike the login.
CREATE UNIQUE INDEX "users_github_id_key" ON "users" USING btree ("github_id");--> statement-breakpoint
-- Which GitHub account a listed login named when the list first made it admin. Another
-- account that later takes the login (after a rename) is not made admin by it.
CREATE TABLE "admin_login_bindings" (
	"login" text PRIMARY KEY NOT NULL,
	"github_id" bigint NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- An address GitHub shows for the user but has not verified (lib/auth.ts). Kept apart from
-- users.email, which is unique and which Auth.js matches new accounts against: an unverified
-- claim must neither block the address's owner from signing up nor receive mail unasked.
ALTER TABLE "users" ADD COLUMN "unverified_email" text;
