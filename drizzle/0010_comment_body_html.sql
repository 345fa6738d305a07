-- Each comment's sanitized HTML, rendered once when it is written or edited (issue #14):
-- views no longer render markdown and KaTeX per reader. Existing rows stay NULL and are
-- rendered on first view; `npm run comments:rerender` fills or refreshes all of them.
ALTER TABLE "comments" ADD COLUMN "body_html" text;
--> statement-breakpoint
-- A deleted comment keeps no copy of its words, whichever statement deletes it (the author,
-- or a trigger when the author's account goes): its rendered HTML is dropped with its body.
CREATE FUNCTION comments_forget_html() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.body_html := NULL;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "comments_forget_html" BEFORE UPDATE ON "comments"
  FOR EACH ROW WHEN (NEW.deleted_at IS NOT NULL AND NEW.body_html IS NOT NULL)
  EXECUTE FUNCTION comments_forget_html();
