/**
 * Links to a comment. The `comment` parameter is what the server sees (a fragment never
 * reaches it): the paper page shows the page of the discussion that holds the comment
 * (lib/comment-pages.ts), and the fragment scrolls to it.
 */
export function commentHref(arxivId: string, commentId: number): string {
  return `/papers/${arxivId}?comment=${commentId}#comment-${commentId}`;
}
