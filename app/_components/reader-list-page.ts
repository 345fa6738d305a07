import "server-only";
import { connection } from "next/server";
import { cursorFrom } from "@/app/_components/feed-view";
import { encodeCursor } from "@/lib/browse/feeds";
import { getViewer, type Viewer } from "@/lib/identity/viewer";
import { withQuery } from "@/lib/papers/categories";

/** The props Next passes a reader's own list page. */
export interface ReaderListProps {
  searchParams: Promise<Record<string, string | string[]>>;
}

/**
 * The head of a reader's own paged list (/following, /saved): rendered per request, for the
 * signed-in viewer only (null before sign-in, when the page shows its `SignedOutPage`), at the
 * offset its `?cursor=` names, with the URL of this very page for the forms to come back to.
 */
export async function readerListPage(
  path: string,
  props: ReaderListProps,
): Promise<{ viewer: Viewer; offset: number; here: string } | null> {
  await connection();
  const viewer = await getViewer();
  if (!viewer) return null;
  const offset = cursorFrom(await props.searchParams) ?? 0;
  return { viewer, offset, here: withQuery(path, { cursor: offset > 0 ? encodeCursor(offset) : undefined }) };
}
