import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { paperSocialImages } from "@/db/schema";

/**
 * The social image (/og/paper/{id}) is drawn once per paper and content, then served from
 * `paper_social_images`. Drawing (next/og: layout, then PNG encoding) costs hundreds of
 * milliseconds of CPU; reading the stored bytes by primary key costs well under one. Stored
 * in PostgreSQL rather than in Next's cache so that every app server shares each rendering
 * and a deploy does not throw them away (Next's cache is per process and per build).
 *
 * The stamp covers what the image says apart from its counters (title, authors, id,
 * category, design version): a changed title or a new arXiv version draws it again at once.
 * The counters (votes, comments) are drawn as they were, and redrawn at most once an hour
 * when they changed; link previews are cached by the sites that show them for longer still.
 */

/** Counters on a stored image are redrawn at most this often. */
export const SOCIAL_IMAGE_COUNTERS_TTL_MS = 60 * 60 * 1000;

export interface SocialImageContent {
  /** Everything drawn except the counters; bump `design` when the drawing changes. */
  content: Record<string, unknown>;
  upvotes: number;
  commentCount: number;
}

export interface StoredSocialImage {
  stamp: string;
  upvotes: number;
  commentCount: number;
  png: Buffer;
  renderedAt: Date;
}

export function socialImageStamp(content: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url");
}

/** The stored image of a paper, by primary key; null when none was drawn yet. */
export async function getStoredSocialImage(paperId: number): Promise<StoredSocialImage | null> {
  const [row] = await getDb()
    .select({
      stamp: paperSocialImages.stamp,
      upvotes: paperSocialImages.upvotes,
      commentCount: paperSocialImages.commentCount,
      png: paperSocialImages.png,
      renderedAt: paperSocialImages.renderedAt,
    })
    .from(paperSocialImages)
    .where(eq(paperSocialImages.paperId, paperId));
  return row ?? null;
}

/** Whether a stored image still says what the paper says now. */
export function isSocialImageCurrent(stored: StoredSocialImage, wanted: SocialImageContent, now: Date): boolean {
  if (stored.stamp !== socialImageStamp(wanted.content)) return false;
  if (stored.upvotes === wanted.upvotes && stored.commentCount === wanted.commentCount) return true;
  return now.getTime() - stored.renderedAt.getTime() < SOCIAL_IMAGE_COUNTERS_TTL_MS;
}

// Concurrent first requests for one paper (a link shared in a busy channel) draw it once.
const drawing = new Map<number, Promise<Buffer>>();

/**
 * The paper's social image: the stored one while it is current, else `draw()`n and stored.
 */
export async function socialImageFor(
  paperId: number,
  wanted: SocialImageContent,
  draw: () => Promise<Uint8Array>,
  now = new Date(),
): Promise<Buffer> {
  const stored = await getStoredSocialImage(paperId);
  if (stored && isSocialImageCurrent(stored, wanted, now)) return stored.png;
  const pending = drawing.get(paperId);
  if (pending) return pending;
  const next = (async () => {
    const png = Buffer.from(await draw());
    const values = {
      stamp: socialImageStamp(wanted.content),
      upvotes: wanted.upvotes,
      commentCount: wanted.commentCount,
      png,
      renderedAt: now,
    };
    await getDb()
      .insert(paperSocialImages)
      .values({ paperId, ...values })
      .onConflictDoUpdate({ target: paperSocialImages.paperId, set: values })
      // A paper deleted while it was drawn: nothing to store (the foreign key refuses it).
      .catch((error: unknown) => {
        if ((error as { code?: string }).code !== "23503") throw error;
      });
    return png;
  })().finally(() => drawing.delete(paperId));
  drawing.set(paperId, next);
  return next;
}
