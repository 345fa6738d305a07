import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sessions, users } from "@/db/schema";
import {
  applyReaderOverlay,
  encodeTemplate,
  followButtonsOf,
  templateFor,
  type OverlayReader,
} from "@/lib/cache/reader-overlay";
import type { SharedPageRoute } from "@/lib/cache/shared-page-routes";
import { countPage, currentPage, overlaidPageResponse, type StoredPage } from "@/lib/cache/shared-pages";
import { extendSessionIfDue, toViewer, viewerColumns } from "@/lib/identity/viewer";

/**
 * A signed-in reader's feed, author or paper page from the page cache
 * (lib/cache/reader-overlay.ts): their session, header and marks read here, written into the
 * copy rendered for a template reader of their shape. Null when Next must render the page
 * for them: no valid session, a reader the overlay does not write for (a moderator, a banned
 * account, the hide-seen filter on, a paper whose thread holds their comments or comment
 * votes), no storable copy, or a copy the overlay does not fit.
 */
export async function readerPage(
  route: SharedPageRoute,
  sessionToken: string,
  acceptEncoding: string | null,
): Promise<Response | null> {
  const reader = await headerOf(sessionToken);
  const shape = reader && templateFor({ ...reader, upvoted: new Set(), saved: new Set(), following: new Set() });
  if (!reader || !shape) return passed();
  const page = await currentPage({
    ...route,
    key: `${route.key} (reader ${shape.key})`,
    template: encodeTemplate(shape.template),
  });
  if (!page) return passed();
  // A paper page is filed under its paper's tag (lib/cache/shared-page-routes.ts).
  const paper = route.tags.find((tag) => tag.startsWith("paper:"))?.slice("paper:".length) ?? null;
  const { papers, follows } = controlsOf(page);
  const marks = await marksOf(reader.id, paper ? [paper] : papers, follows, paper);
  // A reader's own comments and comment votes change the thread in ways the overlay does not write.
  if (marks.involved) return passed();
  const html = applyReaderOverlay(page.html, shape.template, { ...reader, ...marks }, { paper });
  if (!html) return passed();
  // What "hide papers I have opened" hides, as the page records it for a reader it renders.
  if (paper) await recordPaperOpenByArxivId(reader.id, paper);
  countPage("overlay");
  return overlaidPageResponse(page, html, acceptEncoding);
}

function passed(): null {
  countPage("pass");
  return null;
}

/**
 * The header's part of a reader, as app/layout.tsx and app/_components/subscribe.tsx show
 * it, in one query with their session (lib/identity/viewer.ts viewerBySessionToken, which
 * every other request uses), or null when the overlay does not make this reader's pages.
 */
async function headerOf(sessionToken: string): Promise<Omit<OverlayReader, "upvoted" | "saved" | "following"> | null> {
  if (sessionToken.length > 200) return null;
  const [row] = await getDb()
    .select({
      expires: sessions.expires,
      ...viewerColumns,
      unread: sql<number>`(select count(*)::int from notifications n where n.user_id = ${users.id} and n.read_at is null)`,
      email: users.email,
      unverifiedEmail: users.unverifiedEmail,
      hideSeen: sql<boolean | null>`(select rp.hide_seen from reader_preferences rp where rp.user_id = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, sessionToken), gt(sessions.expires, sql`now()`)));
  if (!row) return null;
  await extendSessionIfDue(sessionToken, row.expires);
  const viewer = toViewer(row);
  if (viewer.banned || viewer.role !== "user" || row.hideSeen) return null;
  return {
    id: viewer.id,
    login: viewer.login,
    name: viewer.name,
    image: viewer.image,
    // As lib/mail/subscriptions.ts getUserSubscription finds it.
    email: (row.email ?? row.unverifiedEmail)?.toLowerCase() ?? null,
    unread: row.unread,
  };
}

/**
 * Which of `arxivIds` the reader upvoted and saved, which of the page's Follow buttons they
 * follow, and on a paper page whether they wrote or voted on any of its comments: one query
 * (the reads of lib/ranking/votes.ts getUpvotedArxivIds, lib/reader/reading-list.ts
 * getSavedArxivIds and lib/reader/follows.ts getFollowState).
 */
async function marksOf(
  userId: string,
  arxivIds: string[],
  follows: string[],
  paper: string | null,
): Promise<{ upvoted: Set<string>; saved: Set<string>; following: Set<string>; involved: boolean }> {
  const of = (kind: string) =>
    follows.filter((key) => key.startsWith(`${kind}:`)).map((key) => key.slice(kind.length + 1));
  const rows = await getDb().execute<{ kind: string; key: string }>(sql`
    select 'upvoted' as kind, p.arxiv_id as key from votes v join papers p on p.id = v.paper_id
    where v.user_id = ${userId} and p.arxiv_id = any(${sql.param(arxivIds)}::text[])
    union all
    select 'saved', p.arxiv_id from saved_papers s join papers p on p.id = s.paper_id
    where s.user_id = ${userId} and p.arxiv_id = any(${sql.param(arxivIds)}::text[])
    union all
    select 'author', f.author_name from author_follows f
    where f.user_id = ${userId} and f.author_name = any(${sql.param(of("author"))}::text[])
    union all
    select 'category', f.category from category_follows f
    where f.user_id = ${userId} and f.category = any(${sql.param(of("category"))}::text[])
    union all
    select 'paper', p.arxiv_id from paper_follows f join papers p on p.id = f.paper_id
    where f.user_id = ${userId} and f.following and p.arxiv_id = any(${sql.param(of("paper"))}::text[])
    union all
    select 'involved', p.arxiv_id from papers p
    where p.arxiv_id = ${paper}
      and (exists (select 1 from comments c where c.paper_id = p.id and c.author_id = ${userId})
        or exists (select 1 from comment_votes cv join comments c on c.id = cv.comment_id
                   where c.paper_id = p.id and cv.user_id = ${userId}))`);
  const marks = { upvoted: new Set<string>(), saved: new Set<string>(), following: new Set<string>(), involved: false };
  for (const row of rows) {
    if (row.kind === "upvoted") marks.upvoted.add(row.key);
    else if (row.kind === "saved") marks.saved.add(row.key);
    else if (row.kind === "involved") marks.involved = true;
    else marks.following.add(`${row.kind}:${row.key}`);
  }
  return marks;
}

async function recordPaperOpenByArxivId(userId: string, arxivId: string): Promise<void> {
  await getDb().execute(sql`
    insert into paper_opens (user_id, paper_id, opened_at)
    select ${userId}, p.id, now() from papers p where p.arxiv_id = ${arxivId}
    on conflict do nothing`);
}

/** The papers listed on a copy and its Follow buttons, found once per copy. */
const copyControls = new WeakMap<StoredPage, { papers: string[]; follows: string[] }>();
function controlsOf(page: StoredPage): { papers: string[]; follows: string[] } {
  let controls = copyControls.get(page);
  if (!controls) {
    // arXiv ids are ASCII: no decoding needed for them.
    const text = Buffer.from(page.html.buffer, page.html.byteOffset, page.html.byteLength).toString("latin1");
    const papers = [...new Set(Array.from(text.matchAll(/data-arxiv-id="([^"]+)"/g), (match) => match[1]!))];
    controls = { papers, follows: followButtonsOf(page.html) };
    copyControls.set(page, controls);
  }
  return controls;
}
