import "server-only";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import { getFeed, listCategories, listFeedCategories, type CategoryScope, type FeedQuery } from "@/lib/browse/feeds";
import { getPaper, type PaperDetail } from "@/lib/papers/papers";
import { listAuthorPapers } from "@/lib/browse/search";
import { cached, paperTag, type CacheTag } from "@/lib/cache/shared-cache";
import { getBestTrendingRank, getSparklines, getTrendingSnapshot, getVoteHistory } from "@/lib/ranking/trending";
import { listVoters } from "@/lib/ranking/votes";

/**
 * The reads the pages share between readers, through the shared cache (lib/cache/shared-cache.ts):
 * each wraps a lib function unchanged, under a key naming all its arguments and the tags of
 * the writes that change it. None takes a viewer. The pages add the reader's own state.
 */

/** Without a write, shared data is reloaded after this long (the ranking decays with time). */
const SHARED_TTL_MS = 60_000;
/** The categories filter: only a new paper changes it (the "catalog" tag), or time. */
const CATEGORIES_TTL_MS = 10 * 60_000;

/** A cache key from an object, independent of the order of its keys; undefined fields left out. */
function keyOf(prefix: string, value: Record<string, unknown>): string {
  const fields = Object.keys(value)
    .filter((name) => value[name] !== undefined)
    .sort()
    .map((name) => [name, value[name]]);
  return `${prefix}:${JSON.stringify(fields)}`;
}

export function sharedFeed(query: FeedQuery) {
  return cached(keyOf("feed", query), ["feeds", "trending"], SHARED_TTL_MS, () => getFeed(query));
}

export function sharedSparklines(paperIds: number[]) {
  return cached(`sparklines:${paperIds.join(",")}`, ["feeds"], SHARED_TTL_MS, () => getSparklines(paperIds));
}

export function sharedCategories() {
  return cached("categories", ["catalog"], CATEGORIES_TTL_MS, () => listCategories());
}

/**
 * The categories filter of one feed: what its papers are listed under, with true counts. It
 * changes with the feed's membership (the same tags as the feed) and with papers' categories.
 */
export function sharedFeedCategories(scope: CategoryScope) {
  if (scope.feed === "new") return sharedCategories();
  const tags: CacheTag[] = scope.feed === "snapshot" ? ["snapshots", "catalog"] : ["feeds", "trending", "catalog"];
  return cached(keyOf("feed-categories", { ...scope }), tags, SHARED_TTL_MS, () => listFeedCategories(scope));
}

export function sharedTrendingSnapshot(day: string, options: { limit: number; offset: number; category?: string }) {
  return cached(keyOf(`snapshot:${day}`, options), ["feeds", "snapshots"], SHARED_TTL_MS, () =>
    getTrendingSnapshot(day, options),
  );
}

export function sharedAuthorPapers(name: string) {
  return cached(`author:${name}`, ["feeds"], SHARED_TTL_MS, () => listAuthorPapers(name));
}

/** Thrown inside a load so that an unknown paper is not kept (failed loads are dropped). */
const missing = Symbol("missing paper");

/**
 * The paper under any accepted form of its id (versions ignored), or null. Unknown ids are
 * not cached, so that requests for made-up ids cannot push real pages out of the cache.
 */
export async function sharedPaper(rawArxivId: string): Promise<PaperDetail | null> {
  const id = parseArxivId(rawArxivId)?.id;
  if (!id) return null;
  try {
    return await cached(`paper:${id}`, [paperTag(id)], SHARED_TTL_MS, async () => {
      const paper = await getPaper(id);
      if (!paper) throw missing;
      return paper;
    });
  } catch (error) {
    if (error === missing) return null;
    throw error;
  }
}

/** The rest of a paper page's shared part: voters, votes per day, best daily rank. */
export function sharedPaperActivity(paper: Pick<PaperDetail, "id" | "arxivId" | "addedAt">) {
  return cached(`paper-activity:${paper.arxivId}`, [paperTag(paper.arxivId), "snapshots"], SHARED_TTL_MS, async () => {
    const [voters, history, bestRank] = await Promise.all([
      listVoters(paper.arxivId),
      getVoteHistory(paper.id, paper.addedAt),
      getBestTrendingRank(paper.id),
    ]);
    return { voters, history, bestRank };
  });
}
