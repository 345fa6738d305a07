import "server-only";
import { getSql } from "@/db/client";
import {
  applyReaderOverlay,
  encodeTemplate,
  followButtonsOf,
  templateFor,
  type OverlayReader,
} from "@/lib/cache/reader-overlay";
import type { SharedPageRoute } from "@/lib/cache/shared-page-routes";
import { countPage, currentPage, MAX_SLOTS, overlaidPageResponse, type StoredPage } from "@/lib/cache/shared-pages";
import { extendSessionIfDue } from "@/lib/identity/viewer";
import { recordPaperOpen } from "@/lib/reader/reading-list";

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
  if (sessionToken.length > 200) return passed();
  const { paper } = route;
  // The reader and their marks come in one query, before the copy is chosen (its template
  // depends on the reader): so the marks are read for the controls of the route's last copy,
  // and read again in the rare case that the copy found lists others.
  const guessed = lastControls.get(route.key);
  const read = await readerOf(sessionToken, paper, guessed ?? NO_CONTROLS);
  // A reader's own comments and comment votes change the thread in ways the overlay does not write.
  if (!read || read.marks.involved) return passed();
  const { reader, paperId, opened } = read;
  // What "hide papers I have opened" hides, as the page records it for any reader it renders
  // (if Next renders this one after all, its own record writes nothing).
  if (paperId !== null && !opened) await recordPaperOpen(reader.id, paperId);
  const shape = templateFor({ ...reader, upvoted: new Set(), saved: new Set(), following: new Set() });
  if (!shape) return passed();
  const page = await currentPage({
    ...route,
    key: `${route.key} (reader ${shape.key})`,
    template: encodeTemplate(shape.template),
  });
  if (!page) return passed();
  const controls = controlsOf(page, paper);
  rememberControls(route.key, controls);
  const marks =
    guessed && sameControls(guessed, controls) ? read.marks : (await readerOf(sessionToken, paper, controls))?.marks;
  if (!marks || marks.involved) return passed();
  const html = applyReaderOverlay(page.html, shape.template, { ...reader, ...marks }, { paper });
  if (!html) return passed();
  countPage("overlay");
  return overlaidPageResponse(page, html, acceptEncoding);
}

function passed(): null {
  countPage("pass");
  return null;
}

/** The papers whose votes and saves a page shows, and its Follow buttons (`followButtonsOf`). */
interface PageControls {
  papers: string[];
  follows: string[];
}
const NO_CONTROLS: PageControls = { papers: [], follows: [] };

/** Each route's controls as its last copy (of any template) listed them: the guess of `readerOf`. */
const lastControls = new Map<string, PageControls>();
function rememberControls(routeKey: string, controls: PageControls): void {
  lastControls.delete(routeKey);
  lastControls.set(routeKey, controls);
  // As many routes as the page cache tracks; the least recently used go first.
  for (const oldest of lastControls.keys()) {
    if (lastControls.size <= MAX_SLOTS) break;
    lastControls.delete(oldest);
  }
}

function sameControls(a: PageControls, b: PageControls): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((value, i) => value === y[i]);
  return a === b || (same(a.papers, b.papers) && same(a.follows, b.follows));
}

type Marks = Pick<OverlayReader, "upvoted" | "saved" | "following"> & { involved: boolean };

/** A row of reader_page_marks (drizzle/0023_reader_page_marks.sql). */
interface ReaderMarksRow {
  expires_ms: number;
  id: string;
  login: string | null;
  name: string | null;
  image: string | null;
  role: string;
  banned: boolean;
  email: string | null;
  unverified_email: string | null;
  unread: number;
  hide_seen: boolean | null;
  upvoted: string[];
  saved: string[];
  following: string[];
  paper_id: number | null;
  opened: boolean;
  involved: boolean;
}

/**
 * A session's reader as the header shows them (app/layout.tsx, app/_components/subscribe.tsx),
 * their marks on `controls`, and on a paper page the paper's id and whether they opened it
 * before, in one query; or null for no valid session or a reader the overlay does not make
 * pages for. The session is checked and extended as lib/identity/viewer.ts
 * viewerBySessionToken does for every other request; the marks are the reads of
 * lib/ranking/votes.ts getUpvotedArxivIds, lib/reader/reading-list.ts getSavedArxivIds and
 * lib/reader/follows.ts getFollowState, and whether the reader wrote or voted on any of the
 * paper's comments. The query is a function, reader_page_marks, so that PostgreSQL plans it
 * once per connection (drizzle/0023_reader_page_marks.sql says why).
 */
export async function readerOf(
  sessionToken: string,
  paper: string | null,
  controls: PageControls,
): Promise<{
  reader: Omit<OverlayReader, keyof Marks>;
  marks: Marks;
  paperId: number | null;
  opened: boolean;
} | null> {
  const follows = (kind: string) =>
    controls.follows.filter((key) => key.startsWith(`${kind}:`)).map((key) => key.slice(kind.length + 1));
  const [row] = await getSql()<ReaderMarksRow[]>`
    select * from reader_page_marks(${sessionToken}, ${controls.papers}::text[], ${follows("author")}::text[],
      ${follows("category")}::text[], ${follows("paper")}::text[], ${paper}::text)`;
  if (!row) return null;
  await extendSessionIfDue(sessionToken, new Date(row.expires_ms));
  if (row.banned || row.role !== "user" || row.hide_seen) return null;
  return {
    reader: {
      id: row.id,
      login: row.login,
      name: row.name,
      image: row.image,
      // As lib/mail/subscriptions.ts getUserSubscription finds it.
      email: (row.email ?? row.unverified_email)?.toLowerCase() ?? null,
      unread: row.unread,
    },
    marks: {
      upvoted: new Set(row.upvoted),
      saved: new Set(row.saved),
      following: new Set(row.following),
      involved: row.involved,
    },
    paperId: row.paper_id,
    opened: row.opened,
  };
}

/** The controls of a copy, found once per copy: a paper page's are its paper's. */
const copyControls = new WeakMap<StoredPage, PageControls>();
function controlsOf(page: StoredPage, paper: string | null): PageControls {
  let controls = copyControls.get(page);
  if (!controls) {
    // arXiv ids are ASCII: no decoding needed for them.
    const text = Buffer.from(page.html.buffer, page.html.byteOffset, page.html.byteLength).toString("latin1");
    const papers =
      paper === null
        ? [...new Set(Array.from(text.matchAll(/data-arxiv-id="([^"]+)"/g), (match) => match[1]!))]
        : [paper];
    controls = { papers, follows: followButtonsOf(page.html) };
    copyControls.set(page, controls);
  }
  return controls;
}
