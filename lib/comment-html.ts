import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { comments } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { renderCommentBody } from "@/lib/markdown";

/**
 * Comment HTML is rendered once, when a comment is written or edited, and stored in
 * comments.body_html (issue #14): views read it instead of rendering per reader. This module
 * has no auth imports, so `npm run comments:rerender` can load it outside Next.
 */

/**
 * The stored HTML of a new or edited body. A body over a render budget (lib/markdown.ts) is
 * refused with a 400 on `body` that says which budget.
 */
export function renderForStorage(body: string): string {
  const { html, problem } = renderCommentBody(body);
  if (problem !== null) throw new AppError(400, `body: ${problem}`, { field: "body" });
  return html;
}

/**
 * The HTML of rows written before bodies were rendered at write time: rendered now and stored,
 * unless the body changed meanwhile (an edit stores its own).
 */
export async function storedHtml(rows: { id: number; body: string; bodyHtml: string | null }[]): Promise<Map<number, string>> {
  const html = new Map<number, string>();
  for (const row of rows) {
    if (row.bodyHtml !== null) {
      html.set(row.id, row.bodyHtml);
      continue;
    }
    const rendered = renderCommentBody(row.body).html;
    html.set(row.id, rendered);
    await getDb()
      .update(comments)
      .set({ bodyHtml: rendered })
      .where(and(eq(comments.id, row.id), isNull(comments.bodyHtml), eq(comments.body, row.body), isNull(comments.deletedAt)));
  }
  return html;
}

/**
 * Renders every stored comment body again and stores the HTML where it changed: after a
 * change to the renderer (`npm run comments:rerender`). Bodies over today's budgets keep the
 * degraded rendering renderCommentBody gives them. Returns how many rows were looked at and
 * how many changed.
 */
export async function rerenderAllComments(batchSize = 500): Promise<{ comments: number; changed: number }> {
  const db = getDb();
  let lastId = 0;
  let seen = 0;
  let changed = 0;
  for (;;) {
    const rows = await db
      .select({ id: comments.id, body: comments.body, bodyHtml: comments.bodyHtml })
      .from(comments)
      .where(and(sql`${comments.id} > ${lastId}`, isNull(comments.deletedAt)))
      .orderBy(asc(comments.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const html = renderCommentBody(row.body).html;
      if (html === row.bodyHtml) continue;
      const updated = await db
        .update(comments)
        .set({ bodyHtml: html })
        .where(and(eq(comments.id, row.id), eq(comments.body, row.body)))
        .returning({ id: comments.id });
      changed += updated.length;
    }
    seen += rows.length;
    lastId = rows.at(-1)!.id;
  }
  return { comments: seen, changed };
}

