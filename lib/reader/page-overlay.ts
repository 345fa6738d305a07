import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { applyReaderOverlay, encodeTemplate, templateFor, type OverlayReader } from "@/lib/cache/reader-overlay";
import type { SharedPageRoute } from "@/lib/cache/shared-page-routes";
import { countPage, currentPage, overlaidPageResponse, type StoredPage } from "@/lib/cache/shared-pages";
import { viewerBySessionToken } from "@/lib/identity/viewer";
import { getSavedArxivIds } from "@/lib/reader/reading-list";
import { getUpvotedArxivIds } from "@/lib/ranking/votes";

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
  const { text, papers } = readPage(page);
  const [upvoted, saved] = await Promise.all([
    getUpvotedArxivIds(reader.id, papers),
    getSavedArxivIds(reader.id, papers),
  ]);
  const html = applyReaderOverlay(text, shape.template, { ...reader, upvoted, saved });
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
 * it, or null when the overlay does not make this reader's pages.
 */
async function headerOf(sessionToken: string): Promise<Omit<OverlayReader, "upvoted" | "saved"> | null> {
  const viewer = await viewerBySessionToken(sessionToken);
  if (!viewer || viewer.banned || viewer.role !== "user") return null;
  const [row] = await getDb().execute<{
    unread: number;
    email: string | null;
    unverified_email: string | null;
    hide_seen: boolean | null;
  }>(sql`
    select (select count(*)::int from notifications n where n.user_id = u.id and n.read_at is null) as unread,
           u.email, u.unverified_email,
           (select rp.hide_seen from reader_preferences rp where rp.user_id = u.id) as hide_seen
    from users u where u.id = ${viewer.id}`);
  if (!row || row.hide_seen) return null;
  return {
    id: viewer.id,
    login: viewer.login,
    name: viewer.name,
    image: viewer.image,
    // As lib/mail/subscriptions.ts getUserSubscription finds it.
    email: (row.email ?? row.unverified_email)?.toLowerCase() ?? null,
    unread: row.unread,
  };
}

/** A copy's HTML as text and the papers listed on it, worked out once per copy. */
const readCopies = new WeakMap<StoredPage, { text: string; papers: string[] }>();
function readPage(page: StoredPage): { text: string; papers: string[] } {
  let read = readCopies.get(page);
  if (!read) {
    const text = new TextDecoder().decode(page.html);
    const papers = [...new Set(Array.from(text.matchAll(/data-arxiv-id="([^"]+)"/g), (match) => match[1]!))];
    readCopies.set(page, (read = { text, papers }));
  }
  return read;
}
