/**
 * The tags of the caches (lib/cache/shared-cache.ts, the page cache of
 * lib/cache/shared-pages.ts): what a write invalidates and what an entry or a stored page
 * was made of, spelled in one place. Pure, so that the page cache's routing
 * (lib/cache/shared-page-routes.ts) can name them without the data cache's server code.
 */

/**
 * What shared data is made of. A vote on a paper touches its page and every feed; a comment
 * touches its page and the feeds' comment counts; an ingest touches feeds and the page.
 */
export type CacheTag =
  /** Every list of papers (their counts, ranks and order): feeds, snapshots, author pages. */
  | "feeds"
  /** The live trending ranking (lib/ranking/trending.ts). */
  | "trending"
  /** Which papers exist: the categories filter. */
  | "catalog"
  /** The daily trending snapshots: the papers' best ranks. */
  | "snapshots"
  /** One paper's page: the paper, its votes, voters and history, its comment thread. */
  | `paper:${string}`
  /** An author's page: its follower count (any spelling's case: the page matches any). */
  | `author:${string}`;

export function paperTag(arxivId: string): CacheTag {
  return `paper:${arxivId}`;
}

export function authorTag(name: string): CacheTag {
  return `author:${name.toLowerCase()}`;
}

/** What a change to a comment on this paper invalidates: its page, and the comment counts on cards. */
export function threadTags(arxivId: string): CacheTag[] {
  return [paperTag(arxivId), "feeds"];
}
