/**
 * Pages of a discussion. A paper page shows at most about COMMENTS_PER_PAGE comments: whole
 * top-level threads, in the thread's order, so that a reply is never separated from what it
 * answers. The page's cost (its HTML and the React payload that carries it again) is then
 * bounded by what it shows, not by how long the discussion grew (docs/SCALING.md): measured
 * on a paper with 300 comments, the whole thread made a 1.9 MB page, 1.2 MB of it React's
 * payload. Pure: no database here.
 */

export const COMMENTS_PER_PAGE = 100;

interface ThreadNode<T> {
  id: number;
  children: T[];
}

function threadSize<T extends ThreadNode<T>>(node: T): number {
  return 1 + node.children.reduce((sum, child) => sum + threadSize(child), 0);
}

function contains<T extends ThreadNode<T>>(node: T, id: number): boolean {
  return node.id === id || node.children.some((child) => contains(child, id));
}

/** Top-level threads split into pages: each page takes threads until the next would pass the limit (at least one). */
export function splitIntoPages<T extends ThreadNode<T>>(roots: T[], perPage = COMMENTS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const root of roots) {
    const rootSize = threadSize(root);
    if (current.length > 0 && size + rootSize > perPage) {
      pages.push(current);
      current = [];
      size = 0;
    }
    current.push(root);
    size += rootSize;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

export interface ThreadPage<T> {
  roots: T[];
  /** 1-based. */
  page: number;
  pageCount: number;
}

/**
 * The page a reader asked for: the one holding `commentId` when given (a permalink), else
 * `page`, kept within the pages that exist (a stale link past the end shows the last page).
 */
export function pageOfThread<T extends ThreadNode<T>>(
  roots: T[],
  request: { page?: number; commentId?: number },
  perPage = COMMENTS_PER_PAGE,
): ThreadPage<T> {
  const pages = splitIntoPages(roots, perPage);
  if (pages.length === 0) return { roots: [], page: 1, pageCount: 1 };
  let index =
    request.commentId === undefined
      ? -1
      : pages.findIndex((page) => page.some((root) => contains(root, request.commentId!)));
  if (index === -1) index = Math.min(Math.max((request.page ?? 1) - 1, 0), pages.length - 1);
  return { roots: pages[index]!, page: index + 1, pageCount: pages.length };
}

/** A positive integer from a query parameter, or undefined: a malformed value is ignored, as a page number on any listing. */
export function positiveIntegerParam(value: string | string[] | undefined): number | undefined {
  if (typeof value !== "string" || !/^[1-9][0-9]{0,8}$/.test(value)) return undefined;
  return Number(value);
}
