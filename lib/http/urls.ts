/**
 * Every path of this site that code builds, in one place: links, redirects, and (prefixed
 * with SITE_URL) the absolute URLs of feeds, e-mails, the sitemap and the JSON API. Pure, so
 * that client components import it too. Not here: the patterns that match paths (the
 * rewrites in next.config.ts) and the feed documents' own paths (`feedPath` in
 * lib/syndication/syndication.ts, beside the formats they name).
 */

export type CommentOrder = "best" | "new";

/**
 * An arXiv id as path segments. Old-style ids keep their slash (hep-th/9901001): the paper
 * routes are catch-alls for it. Each segment is percent-encoded, which leaves every
 * grammar-valid id as it is.
 */
function idPath(arxivId: string): string {
  return arxivId.split("/").map(encodeURIComponent).join("/");
}

function paperPath(
  arxivId: string,
  query: Record<string, string | number | undefined> = {},
  fragment?: string,
): string {
  const search = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join("&");
  return `/papers/${idPath(arxivId)}${search ? `?${search}` : ""}${fragment ? `#${fragment}` : ""}`;
}

/** A paper's page. */
export function paperHref(arxivId: string): string {
  return paperPath(arxivId);
}

/**
 * A paper's discussion: without an order, the page's default one; with it, that order and
 * page (the first page has no `page` parameter, so it has one URL).
 */
export function discussionHref(arxivId: string, order?: CommentOrder, page = 1): string {
  return paperPath(arxivId, { comments: order, page: order && page > 1 ? page : undefined }, "discussion");
}

/**
 * Links to a comment. The `comment` parameter is what the server sees (a fragment never
 * reaches it): the paper page shows the page of the discussion that holds the comment
 * (lib/discussion/comment-pages.ts), and the fragment scrolls to it.
 */
export function commentHref(arxivId: string, commentId: number): string {
  return paperPath(arxivId, { comment: commentId }, `comment-${commentId}`);
}

/**
 * Where a comment form posts without JavaScript: the page of the discussion that holds
 * `commentId` (a reply's parent, an edited comment), opened at the form's anchor.
 */
export function commentFormHref(arxivId: string, commentId: number | undefined, anchor: string): string {
  return paperPath(arxivId, { comment: commentId }, anchor);
}

/** The paper page as markdown (next.config.ts rewrites it to app/md/papers/). */
export function paperMarkdownPath(arxivId: string): string {
  return `${paperHref(arxivId)}.md`;
}

/** The paper's 1200×630 link-preview image (app/og/paper/). */
export function ogImagePath(arxivId: string): string {
  return `/og/paper/${idPath(arxivId)}`;
}

/** The JSON API's vote on a paper (PUT {"upvoted": true|false}), for the button's fetch. */
export function paperVoteApiPath(arxivId: string): string {
  return `/api/papers/${idPath(arxivId)}/vote`;
}

/** Papers by an author, named as arXiv spells the name. */
export function authorHref(name: string): string {
  return `/authors/${encodeURIComponent(name)}`;
}

/** A reader's profile, by GitHub login. */
export function profileHref(login: string): string {
  return `/u/${encodeURIComponent(login)}`;
}

/** One day's trending snapshot (YYYY-MM-DD). */
export function trendingSnapshotHref(date: string): string {
  return `/trending/${date}`;
}

/**
 * Marks a notification read and redirects to what it is about. A string too: the route
 * sends a signed-out reader to sign in and back to the id it was given, whatever it is.
 */
export function notificationOpenHref(notificationId: number | string): string {
  return `/notifications/${encodeURIComponent(notificationId)}/open`;
}

/**
 * The sign-in page, which returns to `returnTo` (a path on this site; the sign-in page
 * checks it again with safeRedirectPath) once the reader is signed in.
 */
export function signInHref(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}
