import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, preparedQuery } from "@/db/client";
import { paperOpens, papers, readerPreferences, savedPapers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { encodeCursor, feedQuerySchema } from "@/lib/browse/feeds";
import { listPaperSummaries, paperRowOf, type PaperSummary } from "@/lib/papers/papers";
import { requireReader, type Viewer } from "@/lib/identity/viewer";

/**
 * The reading list (docs/FOLLOWS.md): papers a reader saved for later, with a "read" mark;
 * the papers they opened; and their "hide papers I have saved, voted or opened" preference,
 * applied to feeds in the personal part of each page (never inside the shared cache). Every
 * function acts on the caller's own rows only.
 */

/** The most papers one reading list holds: the exports write it whole. */
export const MAX_SAVED_PAPERS = 5000;

export const savedPaperBodySchema = z.strictObject({
  read: z.boolean().optional().describe("Mark the saved paper read (true) or unread (false)"),
});

export const savedListQuerySchema = z.strictObject({
  limit: feedQuerySchema.shape.limit,
  cursor: feedQuerySchema.shape.cursor,
});

export const preferencesSchema = z.strictObject({ hideSeen: z.boolean() });

export interface SavedState {
  arxivId: string;
  saved: boolean;
  savedAt: Date | null;
  readAt: Date | null;
}

export async function getSavedState(viewer: Viewer | null, rawArxivId: string): Promise<SavedState> {
  requireReader(viewer);
  const paper = await paperRowOf(rawArxivId);
  const [row] = await getDb()
    .select({ savedAt: savedPapers.savedAt, readAt: savedPapers.readAt })
    .from(savedPapers)
    .where(and(eq(savedPapers.userId, viewer.id), eq(savedPapers.paperId, paper.id)));
  return { arxivId: paper.arxivId, saved: Boolean(row), savedAt: row?.savedAt ?? null, readAt: row?.readAt ?? null };
}

/**
 * Saves a paper (idempotent: saving again keeps the first date), optionally marking it read
 * or unread. A full list is a 409.
 */
export async function savePaper(
  viewer: Viewer | null,
  rawArxivId: string,
  options: { read?: boolean } = {},
  now = new Date(),
): Promise<SavedState> {
  requireReader(viewer);
  const paper = await paperRowOf(rawArxivId);
  await getDb().transaction(async (tx) => {
    const [existing] = await tx
      .select({ one: sql<number>`1` })
      .from(savedPapers)
      .where(and(eq(savedPapers.userId, viewer.id), eq(savedPapers.paperId, paper.id)));
    if (!existing) {
      const [{ count } = { count: 0 }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(savedPapers)
        .where(eq(savedPapers.userId, viewer.id));
      if (count >= MAX_SAVED_PAPERS)
        throw new AppError(409, `Your reading list is full (${MAX_SAVED_PAPERS} papers): remove some first.`);
    }
    const readAt = options.read === undefined ? undefined : options.read ? now : null;
    await tx
      .insert(savedPapers)
      .values({ userId: viewer.id, paperId: paper.id, savedAt: now, readAt: readAt ?? null })
      .onConflictDoUpdate({
        target: [savedPapers.userId, savedPapers.paperId],
        // Saving again changes nothing but the read mark, when one is given.
        set: readAt === undefined ? { savedAt: sql`${savedPapers.savedAt}` } : { readAt },
      });
  });
  return getSavedState(viewer, paper.arxivId);
}

export async function unsavePaper(viewer: Viewer | null, rawArxivId: string): Promise<void> {
  requireReader(viewer);
  const paper = await paperRowOf(rawArxivId);
  await getDb()
    .delete(savedPapers)
    .where(and(eq(savedPapers.userId, viewer.id), eq(savedPapers.paperId, paper.id)));
}

/** Marks a saved paper read or unread; 404 when it is not on the reader's list. */
export async function markSavedRead(
  viewer: Viewer | null,
  rawArxivId: string,
  read: boolean,
  now = new Date(),
): Promise<SavedState> {
  requireReader(viewer);
  const paper = await paperRowOf(rawArxivId);
  const updated = await getDb()
    .update(savedPapers)
    .set({ readAt: read ? now : null })
    .where(and(eq(savedPapers.userId, viewer.id), eq(savedPapers.paperId, paper.id)))
    .returning({ paperId: savedPapers.paperId });
  if (updated.length === 0) throw new AppError(404, "This paper is not on your reading list.");
  return getSavedState(viewer, paper.arxivId);
}

export type SavedPaper = PaperSummary & { id: number; savedAt: Date; readAt: Date | null };

/** The reading list, newest saved first (the index on (user_id, saved_at desc)). */
export async function listSavedPapers(
  viewer: Viewer | null,
  options: { limit: number; offset: number },
): Promise<{ items: SavedPaper[]; nextCursor: string | null }> {
  requireReader(viewer);
  const rows = (await listPaperSummaries({
    join: { table: savedPapers, on: and(eq(savedPapers.paperId, papers.id), eq(savedPapers.userId, viewer.id))! },
    orderBy: [desc(savedPapers.savedAt), papers.id],
    limit: options.limit + 1,
    offset: options.offset,
    withId: true,
    extra: { savedAt: sql`${savedPapers.savedAt}`, readAt: sql`${savedPapers.readAt}` },
  })) as (PaperSummary & { id: number; savedAt: Date | string; readAt: Date | string | null })[];
  // Computed columns come back as strings, not Dates.
  const items = rows.slice(0, options.limit).map((row) => ({
    ...row,
    savedAt: new Date(row.savedAt),
    readAt: row.readAt === null ? null : new Date(row.readAt),
  }));
  return { items, nextCursor: rows.length > options.limit ? encodeCursor(options.offset + options.limit) : null };
}

/** The whole reading list, for the exports (at most MAX_SAVED_PAPERS by construction). */
export async function listAllSavedPapers(viewer: Viewer | null): Promise<SavedPaper[]> {
  return (await listSavedPapers(viewer, { limit: MAX_SAVED_PAPERS, offset: 0 })).items;
}

/** Which of these papers the reader has saved: the Save buttons' state, in one query. */
export async function getSavedArxivIds(userId: string | undefined, arxivIds: string[]): Promise<Set<string>> {
  if (!userId || arxivIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ arxivId: papers.arxivId })
    .from(savedPapers)
    .innerJoin(papers, eq(papers.id, savedPapers.paperId))
    .where(and(eq(savedPapers.userId, userId), sql`${papers.arxivId} = any(${sql.param(arxivIds)}::text[])`));
  return new Set(rows.map((row) => row.arxivId));
}

/** Prepared (db/client.ts preparedQuery): a signed-in reader's every paper page runs it. */
const recordPaperOpenQuery = preparedQuery((db) =>
  db
    .insert(paperOpens)
    .values({
      userId: sql.placeholder("userId"),
      paperId: sql.placeholder("paperId"),
      openedAt: sql.placeholder("openedAt"),
    })
    .onConflictDoNothing()
    .prepare("record_paper_open"),
);

/**
 * Records that a signed-in reader opened a paper's page, the first time only (one row per
 * reader and paper, ON CONFLICT DO NOTHING: a reopen writes nothing).
 */
export async function recordPaperOpen(userId: string, paperId: number, now = new Date()): Promise<void> {
  await recordPaperOpenQuery().execute({ userId, paperId, openedAt: now });
}

// ---------------------------------------------------------------------------------------
// "Hide papers I have saved, voted or opened"

export async function getHideSeen(userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  const [row] = await getDb()
    .select({ hideSeen: readerPreferences.hideSeen })
    .from(readerPreferences)
    .where(eq(readerPreferences.userId, userId));
  return row?.hideSeen ?? false;
}

export async function setHideSeen(
  viewer: Viewer | null,
  hideSeen: boolean,
  now = new Date(),
): Promise<{ hideSeen: boolean }> {
  requireReader(viewer);
  await getDb()
    .insert(readerPreferences)
    .values({ userId: viewer.id, hideSeen, updatedAt: now })
    .onConflictDoUpdate({ target: readerPreferences.userId, set: { hideSeen, updatedAt: now } });
  return { hideSeen };
}

/**
 * The reader's hide-seen preference and, when it is on, which of the listed papers they have
 * saved, voted on or opened: one query by primary keys, made for each reader apart from the
 * shared feed it filters (so one reader's filter never reaches another's page).
 */
export async function getSeenFilter(
  userId: string | undefined,
  paperIds: number[],
): Promise<{ hideSeen: boolean; seen: Set<number> }> {
  if (!userId) return { hideSeen: false, seen: new Set() };
  const rows = await getDb().execute<{ hide_seen: boolean; seen: number[] }>(sql`
    select rp.hide_seen,
      case when rp.hide_seen then array(
        select l.id from unnest(${sql.param(paperIds)}::int[]) as l(id)
        where exists (select 1 from saved_papers s where s.user_id = ${userId} and s.paper_id = l.id)
           or exists (select 1 from votes v where v.user_id = ${userId} and v.paper_id = l.id)
           or exists (select 1 from paper_opens o where o.user_id = ${userId} and o.paper_id = l.id)
      ) else '{}'::int[] end as seen
    from reader_preferences rp where rp.user_id = ${userId}`);
  const row = rows[0];
  return { hideSeen: row?.hide_seen ?? false, seen: new Set(row?.seen ?? []) };
}
