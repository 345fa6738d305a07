import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { comments, users } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { formatStars, formatWeeklyStars } from "@/lib/identity/github-client";
import { getPaper, type PaperDetail } from "@/lib/papers/papers";
import { discussionHref, paperHref } from "@/lib/http/urls";

/**
 * A paper page as markdown (`GET /papers/{id}.md`, as Hugging Face Papers serves it): what
 * scripts and language-model agents read best. Title, authors, links, abstract and the top of
 * the discussion; comments are quoted so that their markdown cannot end the document's own
 * structure (a comment's "# heading" stays inside its quote).
 */

/** How many top-level comments the markdown carries; the page has the rest. */
export const MARKDOWN_COMMENTS = 10;

export interface MarkdownComment {
  author: string;
  body: string;
  createdAt: Date;
  upvotes: number;
  replies: number;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function quote(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

/** Pure: the markdown document of a paper and its top comments. */
export function renderPaperMarkdown(paper: PaperDetail, topComments: MarkdownComment[], siteUrl: string): string {
  const lines: string[] = [`# ${oneLine(paper.title)}`, ""];
  lines.push(`**Authors:** ${paper.authors.length > 0 ? paper.authors.map(oneLine).join(", ") : "unknown"}`, "");
  const links = [`[arXiv:${paper.arxivId}](${paper.absUrl})`, `[PDF](${paper.pdfUrl})`];
  if (paper.codeUrl) {
    const stars =
      paper.githubStars !== null
        ? ` (★ ${formatStars(paper.githubStars)}${formatWeeklyStars(paper.githubStarsThisWeek) ? `, ${formatWeeklyStars(paper.githubStarsThisWeek)}` : ""})`
        : "";
    links.push(`[Code](${paper.codeUrl})${stars}`);
  }
  if (paper.projectUrl) links.push(`[Project page](${paper.projectUrl})`);
  links.push(`[Discussion](${siteUrl}${paperHref(paper.arxivId)})`);
  lines.push(`**Links:** ${links.join(" · ")}`, "");
  const facts = [
    paper.publishedOn ? `Published on arXiv ${paper.publishedOn}` : "Publication date unknown",
    `added ${paper.addedAt.toISOString().slice(0, 10)}${paper.submitter ? ` by @${paper.submitter.login}` : ""}`,
    `${paper.upvotes} upvote${paper.upvotes === 1 ? "" : "s"}`,
    `${paper.commentCount} comment${paper.commentCount === 1 ? "" : "s"}`,
  ];
  lines.push(facts.join(" · "), "");
  if (paper.categories.length > 0) lines.push(`**Categories:** ${paper.categories.join(", ")}`, "");
  lines.push("## Abstract", "", paper.abstract.trim() || "No abstract.", "");
  lines.push("## Discussion", "");
  if (topComments.length === 0) {
    lines.push("No comments yet.", "");
  } else {
    for (const comment of topComments) {
      const replies = comment.replies > 0 ? ` · ${comment.replies} repl${comment.replies === 1 ? "y" : "ies"}` : "";
      lines.push(
        `**@${comment.author}** · ${comment.createdAt.toISOString().slice(0, 10)} · ${comment.upvotes} upvote${comment.upvotes === 1 ? "" : "s"}${replies}`,
        "",
        quote(comment.body),
        "",
      );
    }
    if (paper.commentCount > topComments.length)
      lines.push(`More comments: ${siteUrl}${discussionHref(paper.arxivId)}`, "");
  }
  return lines.join("\n");
}

/** The paper's markdown, or null when there is no such paper. */
export async function getPaperMarkdown(rawArxivId: string): Promise<{ arxivId: string; markdown: string } | null> {
  const paper = await getPaper(rawArxivId);
  if (!paper) return null;
  const db = getDb();
  // Top-level comments still shown on the page (not deleted, not hidden), most upvoted first.
  const rows = await db
    .select({
      id: comments.id,
      author: users.githubLogin,
      name: users.name,
      body: comments.body,
      createdAt: comments.createdAt,
      upvotes: comments.upvotes,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.paperId, paper.id),
        isNull(comments.parentId),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .orderBy(desc(comments.upvotes), asc(comments.createdAt), asc(comments.id))
    .limit(MARKDOWN_COMMENTS);
  const replyCounts = new Map<number, number>();
  if (rows.length > 0) {
    const counted = await db
      .select({ parentId: comments.parentId, count: sql<number>`count(*)::int` })
      .from(comments)
      .where(
        inArray(
          comments.parentId,
          rows.map((row) => row.id),
        ),
      )
      .groupBy(comments.parentId);
    for (const row of counted) replyCounts.set(row.parentId!, row.count);
  }
  const top = rows.map((row) => ({
    author: row.author ?? row.name ?? "someone",
    body: row.body,
    createdAt: row.createdAt,
    upvotes: row.upvotes,
    replies: replyCounts.get(row.id) ?? 0,
  }));
  return { arxivId: paper.arxivId, markdown: renderPaperMarkdown(paper, top, getEnv().SITE_URL) };
}
