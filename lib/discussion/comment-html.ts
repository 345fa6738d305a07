import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { comments, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { mentionCandidates, renderCommentBody, type RenderedComment } from "@/lib/discussion/markdown";

/**
 * Comment HTML is rendered once, when a comment is written or edited, and stored in
 * comments.body_html (issue #14): views read it instead of rendering per reader. This module
 * has no auth imports, so `npm run comments:rerender` can load it outside Next.
 */

/**
 * The logins a body @mentions that exist (lower-cased → as stored): one indexed lookup
 * (users_github_login_key is on lower(github_login)), none when the body has no "@".
 */
export async function existingMentionLogins(body: string): Promise<Map<string, string>> {
  const candidates = mentionCandidates(body);
  if (candidates.length === 0) return new Map();
  const rows = await getDb()
    .select({ login: users.githubLogin })
    .from(users)
    .where(inArray(sql`lower(${users.githubLogin})`, candidates));
  return new Map(rows.flatMap((row) => (row.login ? [[row.login.toLowerCase(), row.login] as const] : [])));
}

/** A body rendered with its @mentions of existing logins linked to their profiles. */
export async function renderWithMentions(body: string): Promise<RenderedComment> {
  return renderCommentBody(body, await existingMentionLogins(body));
}

/**
 * The stored HTML of a new or edited body, and the logins it mentions. A body over a render
 * budget (lib/discussion/markdown.ts) is refused with a 400 on `body` that says which budget.
 */
export async function renderForStorage(body: string): Promise<{ html: string; mentions: string[] }> {
  const { html, problem, mentions } = await renderWithMentions(body);
  if (problem !== null) throw new AppError(400, `body: ${problem}`, { field: "body" });
  return { html, mentions };
}

/**
 * The HTML of rows written before bodies were rendered at write time: rendered now and stored,
 * unless the body changed meanwhile (an edit stores its own).
 */
export async function storedHtml(
  rows: { id: number; body: string; bodyHtml: string | null }[],
): Promise<Map<number, string>> {
  const html = new Map<number, string>();
  for (const row of rows) {
    if (row.bodyHtml !== null) {
      html.set(row.id, row.bodyHtml);
      continue;
    }
    const rendered = (await renderWithMentions(row.body)).html;
    html.set(row.id, rendered);
    await getDb()
      .update(comments)
      .set({ bodyHtml: rendered })
      .where(
        and(
          eq(comments.id, row.id),
          isNull(comments.bodyHtml),
          eq(comments.body, row.body),
          isNull(comments.deletedAt),
        ),
      );
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
      const html = (await renderWithMentions(row.body)).html;
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
