import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { papers, users } from "@/db/schema";
import type { CommentNode } from "@/lib/discussion/comments";
import { establishedUser } from "./viewers";

/** Every comment of a thread, each before its replies: the order the page shows them in. */
export function flattenThread(nodes: CommentNode[]): CommentNode[] {
  return nodes.flatMap((node) => [node, ...flattenThread(node.children)]);
}

/** A paper's stored comment counter, read from its row (what the cards show). */
export async function storedCommentCount(arxivId: string): Promise<number> {
  const [row] = await getDb().select({ count: papers.commentCount }).from(papers).where(eq(papers.arxivId, arxivId));
  if (!row) throw new Error(`storedCommentCount: no paper ${arxivId}`);
  return row.count;
}

/**
 * The times of a test's writes, each a minute after the last, from `start`: writes one
 * after another without tripping the per-user rate limits, which are tested on their own.
 */
export function minuteApart(start: Date): () => Date {
  let clock = start.getTime();
  return () => new Date((clock += 60_000));
}

/** The paper the discussion tests comment on. */
export const THREAD_PAPER = "2401.00001";

/**
 * The cast and stage of the discussion tests: established readers alice, bob and carol, a
 * moderator (mod) and an administrator (admin), then `more` accounts (one with a cast member's
 * id replaces it), and the paper THREAD_PAPER.
 */
export async function insertThreadCast(more: (typeof users.$inferInsert)[] = []): Promise<void> {
  const cast = new Map(
    [
      establishedUser("alice"),
      establishedUser("bob"),
      establishedUser("carol"),
      establishedUser("mod", { role: "moderator" }),
      establishedUser("admin", { role: "admin" }),
      ...more,
    ].map((row) => [row.id, row]),
  );
  await getDb()
    .insert(users)
    .values([...cast.values()]);
  await getDb().insert(papers).values({ arxivId: THREAD_PAPER, title: "A paper" });
}
