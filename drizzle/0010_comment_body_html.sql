-- Each comment's sanitized HTML, rendered once when it is written or edited (issue #14):
-- views no longer render markdown and KaTeX per reader. Existing rows stay NULL and are
-- rendered on first view; `npm run comments:rerender` fills or refreshes all of them.
ALTER TABLE "comments" ADD COLUMN "body_html" text;
