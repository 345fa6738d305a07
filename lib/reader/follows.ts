import "server-only";
import { authorTag, publishChange } from "@/lib/cache/shared-cache";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database, type Transaction } from "@/db/client";
import { authorFollows, categoryFollows, paperAuthors, paperFollows, papers } from "@/db/schema";
import { categorySchema } from "@/lib/papers/categories";
import { AppError, parseOrThrow, queryObject } from "@/lib/errors";
import { encodeCursor, feedQuerySchema, MAX_FEED_LIMIT } from "@/lib/browse/feeds";
import { listPaperSummaries, paperRowOf, type PaperSummary } from "@/lib/papers/papers";
import { requireReader, type Viewer } from "@/lib/identity/viewer";

/**
 * Following (docs/FOLLOWS.md): authors by their name exactly as arXiv spells it, arXiv
 * categories, and papers' discussions; and the Following feed made of the first two.
 * Every function acts on the caller's own rows only (the viewer's id is the only user id
 * any of them writes), so nobody can change another reader's follows.
 */

type Writer = Pick<Database, "insert">;

/**
 * The most authors and categories one reader may follow: the Following feed reads them all
 * in one query, which stays cheap at this size (lib/browse/bounded-reads.test.ts checks 500 + 20).
 */
export const MAX_FOLLOWED_AUTHORS = 1000;
export const MAX_FOLLOWED_CATEGORIES = 100;

export const authorNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(300, "must be at most 300 characters");

export { categorySchema };

// ---------------------------------------------------------------------------------------
// Authors

/**
 * Follows an author by name as arXiv spells it. The name must be on at least one paper here
 * (404 otherwise): a typo would otherwise follow nobody, silently. Idempotent.
 */
export async function followAuthor(viewer: Viewer | null, rawName: string): Promise<{ name: string }> {
  requireReader(viewer);
  const name = parseOrThrow(authorNameSchema, rawName, "body");
  const db = getDb();
  const [known] = await db
    .select({ one: sql<number>`1` })
    .from(paperAuthors)
    .where(eq(paperAuthors.name, name))
    .limit(1);
  if (!known) throw new AppError(404, `No paper here lists an author named ${name}.`);
  await db.transaction(async (tx) => {
    // Serialises a reader's own follows, so that the limit cannot be raced past.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`follows:${viewer.id}`}))`);
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(authorFollows)
      .where(eq(authorFollows.userId, viewer.id));
    const inserted = await tx
      .insert(authorFollows)
      .values({ userId: viewer.id, authorName: name })
      .onConflictDoNothing()
      .returning({ name: authorFollows.authorName });
    if (inserted.length > 0 && count >= MAX_FOLLOWED_AUTHORS)
      throw new AppError(409, `You already follow ${MAX_FOLLOWED_AUTHORS} authors, the most one reader may.`);
  });
  // The author's page shows the follower count (the page cache keeps it under this tag).
  await publishChange([authorTag(name)]);
  return { name };
}

export async function unfollowAuthor(viewer: Viewer | null, rawName: string): Promise<void> {
  requireReader(viewer);
  const name = parseOrThrow(authorNameSchema, rawName, "body");
  await getDb()
    .delete(authorFollows)
    .where(and(eq(authorFollows.userId, viewer.id), eq(authorFollows.authorName, name)));
  await publishChange([authorTag(name)]);
}

/** How many readers follow this author (exact name), from the index on author_name. */
export async function countAuthorFollowers(name: string): Promise<number> {
  const [row] = await getDb()
    .select({ count: sql<number>`count(*)::int` })
    .from(authorFollows)
    .where(eq(authorFollows.authorName, name));
  return row?.count ?? 0;
}

// ---------------------------------------------------------------------------------------
// Categories

export async function followCategory(viewer: Viewer | null, rawCategory: string): Promise<{ category: string }> {
  requireReader(viewer);
  const category = parseOrThrow(categorySchema, rawCategory, "body");
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`follows:${viewer.id}`}))`);
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(categoryFollows)
      .where(eq(categoryFollows.userId, viewer.id));
    const inserted = await tx
      .insert(categoryFollows)
      .values({ userId: viewer.id, category })
      .onConflictDoNothing()
      .returning({ category: categoryFollows.category });
    if (inserted.length > 0 && count >= MAX_FOLLOWED_CATEGORIES)
      throw new AppError(409, `You already follow ${MAX_FOLLOWED_CATEGORIES} categories, the most one reader may.`);
  });
  return { category };
}

export async function unfollowCategory(viewer: Viewer | null, rawCategory: string): Promise<void> {
  requireReader(viewer);
  const category = parseOrThrow(categorySchema, rawCategory, "body");
  await getDb()
    .delete(categoryFollows)
    .where(and(eq(categoryFollows.userId, viewer.id), eq(categoryFollows.category, category)));
}

// ---------------------------------------------------------------------------------------
// Paper discussions

/**
 * Follows a paper's discussion because the reader took part in it (a comment, a
 * submission), inside that write's transaction. ON CONFLICT DO NOTHING: a reader who
 * unfollowed explicitly keeps `following = false`.
 */
export async function followDiscussionOnParticipation(
  tx: Writer | Transaction,
  userId: string,
  paperId: number,
): Promise<void> {
  await tx.insert(paperFollows).values({ userId, paperId, following: true }).onConflictDoNothing();
}

/** An explicit follow or unfollow from the paper page or the API; the row remembers it. */
export async function setPaperFollow(
  viewer: Viewer | null,
  rawArxivId: string,
  following: boolean,
): Promise<{ arxivId: string; following: boolean }> {
  requireReader(viewer);
  const paper = await paperRowOf(rawArxivId);
  await getDb()
    .insert(paperFollows)
    .values({ userId: viewer.id, paperId: paper.id, following })
    .onConflictDoUpdate({ target: [paperFollows.userId, paperFollows.paperId], set: { following } });
  return { arxivId: paper.arxivId, following };
}

// ---------------------------------------------------------------------------------------
// What a reader follows

export interface FollowList {
  authors: { name: string; followedAt: Date }[];
  categories: { category: string; followedAt: Date }[];
  papers: { arxivId: string; title: string; followedAt: Date }[];
}

export async function listFollows(viewer: Viewer | null): Promise<FollowList> {
  requireReader(viewer);
  const db = getDb();
  const [authors, categories, followedPapers] = await Promise.all([
    db
      .select({ name: authorFollows.authorName, followedAt: authorFollows.createdAt })
      .from(authorFollows)
      .where(eq(authorFollows.userId, viewer.id))
      .orderBy(authorFollows.authorName),
    db
      .select({ category: categoryFollows.category, followedAt: categoryFollows.createdAt })
      .from(categoryFollows)
      .where(eq(categoryFollows.userId, viewer.id))
      .orderBy(categoryFollows.category),
    db
      .select({ arxivId: papers.arxivId, title: papers.title, followedAt: paperFollows.createdAt })
      .from(paperFollows)
      .innerJoin(papers, eq(papers.id, paperFollows.paperId))
      .where(and(eq(paperFollows.userId, viewer.id), eq(paperFollows.following, true)))
      .orderBy(desc(paperFollows.createdAt), papers.id),
  ]);
  return { authors, categories, papers: followedPapers };
}

/** Which of these authors and categories the reader follows, and whether they follow a paper: for pages' buttons. */
export async function getFollowState(
  userId: string | undefined,
  what: { authors?: string[]; categories?: string[]; paperId?: number },
): Promise<{ authors: Set<string>; categories: Set<string>; paper: boolean }> {
  const empty = { authors: new Set<string>(), categories: new Set<string>(), paper: false };
  if (!userId) return empty;
  const db = getDb();
  const authors = what.authors?.length ? what.authors : null;
  const categories = what.categories?.length ? what.categories : null;
  const [authorRows, categoryRows, paperRows] = await Promise.all([
    authors
      ? db
          .select({ name: authorFollows.authorName })
          .from(authorFollows)
          .where(
            and(
              eq(authorFollows.userId, userId),
              sql`${authorFollows.authorName} = any(${sql.param(authors)}::text[])`,
            ),
          )
      : [],
    categories
      ? db
          .select({ category: categoryFollows.category })
          .from(categoryFollows)
          .where(
            and(
              eq(categoryFollows.userId, userId),
              sql`${categoryFollows.category} = any(${sql.param(categories)}::text[])`,
            ),
          )
      : [],
    what.paperId !== undefined
      ? db
          .select({ following: paperFollows.following })
          .from(paperFollows)
          .where(and(eq(paperFollows.userId, userId), eq(paperFollows.paperId, what.paperId)))
      : [],
  ]);
  return {
    authors: new Set(authorRows.map((row) => row.name)),
    categories: new Set(categoryRows.map((row) => row.category)),
    paper: paperRows[0]?.following === true,
  };
}

// ---------------------------------------------------------------------------------------
// The Following feed

export const followingFeedQuerySchema = z.strictObject({
  feed: z.literal("following"),
  limit: feedQuerySchema.shape.limit,
  cursor: feedQuerySchema.shape.cursor,
});
export type FollowingFeedQuery = z.infer<typeof followingFeedQuerySchema>;

export function parseFollowingFeedQuery(params: URLSearchParams): FollowingFeedQuery {
  return parseOrThrow(followingFeedQuerySchema, queryObject(params), "query");
}

export type FollowingPaper = PaperSummary & {
  id: number;
  /** The followed authors among the paper's (arXiv's order) and followed categories it is in. */
  followedAuthors: string[];
  followedCategories: string[];
};

/** Why a paper is on the Following feed: "by Ashish Vaswani, in cs.CL". */
export function followReasons(paper: Pick<FollowingPaper, "followedAuthors" | "followedCategories">): string[] {
  return [
    ...paper.followedAuthors.map((name) => `by ${name}`),
    ...paper.followedCategories.map((category) => `in ${category}`),
  ];
}

/**
 * The Following feed: papers by followed authors or in followed categories, newest added
 * first, in ONE statement whatever the reader follows. Each arm of the union takes only the
 * newest `offset + take` of its matches from an index (paper_authors by exact name joined
 * to the reader's author follows; the GIN index on papers.categories with `&&` the reader's
 * category array), so a reader following 500 authors and 20 categories reads a few hundred
 * index entries, never every paper of cs.LG (docs/FOLLOWS.md).
 */
/** A PostgreSQL text[] literal of `values`, every element quoted and escaped. */
export function textArrayLiteral(values: string[]): string {
  const elements = values.map((value) => `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`);
  return `'{${elements.join(",").replace(/'/g, "''")}}'::text[]`;
}

export async function getFollowingFeed(
  viewer: Viewer | null,
  options: { limit: number; offset: number },
): Promise<{ items: FollowingPaper[]; nextCursor: string | null }> {
  requireReader(viewer);
  const limit = Math.min(Math.max(1, options.limit), MAX_FEED_LIMIT);
  const take = limit + 1;
  const window = options.offset + take;
  const userId = viewer.id;
  const followedNames = sql`(select af.author_name from ${authorFollows} af where af.user_id = ${userId})`;
  // The categories are read first and written into the statement as a literal: with the
  // values in view the planner reads the array statistics of papers.categories, and for a
  // category in a large share of the papers walks (added_at desc, id) and stops at the page
  // (0.3 ms at 100k papers), where a subquery or a generic plan's parameter makes it guess
  // "rare", take the GIN bitmap of every matching paper and sort it (790 ms). Categories are
  // validated on follow (categorySchema); the literal is quoted anyway.
  const followed = await getDb()
    .select({ category: categoryFollows.category })
    .from(categoryFollows)
    .where(eq(categoryFollows.userId, userId));
  const followedCategoryArray = sql.raw(textArrayLiteral(followed.map((row) => row.category)));
  const candidates = sql`(
    select c.id from (
      (select p.id, p.added_at from ${papers} p
        where p.id in (select pa.paper_id from ${paperAuthors} pa where pa.name in ${followedNames})
        order by p.added_at desc, p.id limit ${window})
      union
      (select p.id, p.added_at from ${papers} p
        where p.categories && ${followedCategoryArray}
        order by p.added_at desc, p.id limit ${window})
    ) c)`;
  const rows = (await listPaperSummaries({
    where: sql`${papers.id} in ${candidates}`,
    orderBy: [desc(papers.addedAt), papers.id],
    limit: take,
    offset: options.offset,
    withId: true,
    extra: {
      followedAuthors: sql<string[]>`array(
        select ${paperAuthors.name} from ${paperAuthors}
        where ${paperAuthors.paperId} = ${papers.id} and ${paperAuthors.name} in ${followedNames}
        order by ${paperAuthors.position})`,
      followedCategories: sql<string[]>`array(
        select c from unnest(${papers.categories}) with ordinality as u(c, n)
        where c in (select cf.category from ${categoryFollows} cf where cf.user_id = ${userId})
        order by n)`,
    },
  })) as FollowingPaper[];
  return {
    items: rows.slice(0, limit),
    nextCursor: rows.length > limit ? encodeCursor(options.offset + limit) : null,
  };
}
