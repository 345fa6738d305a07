import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { applyReaderOverlay, encodeTemplate, templateFor, type OverlayReader } from "@/lib/cache/reader-overlay";
import type { SharedPageRoute } from "@/lib/cache/shared-page-routes";
import { countPage, currentPage, overlaidPageResponse, type StoredPage } from "@/lib/cache/shared-pages";
import { extendSessionIfDue, toViewer, viewerColumns } from "@/lib/identity/viewer";

/**
 * A signed-in reader's feed page from the page cache (lib/cache/reader-overlay.ts): their
 * session, header and marks read here, written into the copy rendered for a template reader
 * of their shape. Null when Next must render the page for them: no valid session, a reader
 * the overlay does not write for (a moderator, a banned account, the hide-seen filter on),
 * no storable copy, or a copy the overlay does not fit.
 */
export async function readerPage(
  route: SharedPageRoute,
  sessionToken: string,
  acceptEncoding: string | null,
): Promise<Response | null> {
  const reader = await headerOf(sessionToken);
  const shape = reader && templateFor({ ...reader, upvoted: new Set(), saved: new Set() });
  if (!reader || !shape) return passed();
  const page = await currentPage({
    ...route,
    key: `${route.key} (reader ${shape.key})`,
    template: encodeTemplate(shape.template),
  });
  if (!page) return passed();
  const papers = papersOf(page);
  const { upvoted, saved } = await marksOf(reader.id, papers);
  const html = applyReaderOverlay(page.html, shape.template, { ...reader, upvoted, saved });
  if (!html) return passed();
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
async function headerOf(sessionToken: string): Promise<Omit<OverlayReader, "upvoted" | "saved"> | null> {
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
 * Which of `arxivIds` the reader upvoted and saved, in one query (the two reads of
 * lib/ranking/votes.ts getUpvotedArxivIds and lib/reader/reading-list.ts getSavedArxivIds).
 */
async function marksOf(userId: string, arxivIds: string[]): Promise<{ upvoted: Set<string>; saved: Set<string> }> {
  const marks = { upvoted: new Set<string>(), saved: new Set<string>() };
  if (arxivIds.length === 0) return marks;
  const rows = await getDb().execute<{ kind: "upvoted" | "saved"; arxiv_id: string }>(sql`
    select 'upvoted' as kind, p.arxiv_id from votes v join papers p on p.id = v.paper_id
    where v.user_id = ${userId} and p.arxiv_id = any(${sql.param(arxivIds)}::text[])
    union all
    select 'saved', p.arxiv_id from saved_papers s join papers p on p.id = s.paper_id
    where s.user_id = ${userId} and p.arxiv_id = any(${sql.param(arxivIds)}::text[])`);
  for (const row of rows) marks[row.kind].add(row.arxiv_id);
  return marks;
}

/** The papers listed on a copy, found once per copy (arXiv ids are ASCII: no decoding needed). */
const listedPapers = new WeakMap<StoredPage, string[]>();
function papersOf(page: StoredPage): string[] {
  let papers = listedPapers.get(page);
  if (!papers) {
    const text = Buffer.from(page.html.buffer, page.html.byteOffset, page.html.byteLength).toString("latin1");
    papers = [...new Set(Array.from(text.matchAll(/data-arxiv-id="([^"]+)"/g), (match) => match[1]!))];
    listedPapers.set(page, papers);
  }
  return papers;
}
