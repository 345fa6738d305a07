import type { Metadata } from "next";
import Link from "next/link";
import { SignedOutPage } from "@/components/signed-out-page";
import { Flash } from "@/components/flash";
import { TexText } from "@/components/tex-text";
import { readerListPage, type ReaderListProps } from "@/app/_components/reader-list-page";
import { markReadFormAction, saveFormAction } from "@/app/actions/reading-list";
import { withQuery } from "@/lib/papers/categories";
import { authorsLine, formatDate } from "@/lib/format";
import { listSavedPapers } from "@/lib/reader/reading-list";
import { paperHref } from "@/lib/http/urls";

export const metadata: Metadata = { title: "Reading list" };

const PAGE_SIZE = 50;

export default async function SavedPage(props: ReaderListProps) {
  const head = await readerListPage("/saved", props);
  if (!head) {
    return (
      <SignedOutPage title="Reading list" path="/saved">
        Save papers for later with the “save” button on any paper (or <kbd className="font-mono">s</kbd> on a feed).
      </SignedOutPage>
    );
  }
  const { viewer, offset, here } = head;
  const page = await listSavedPapers(viewer, { limit: PAGE_SIZE, offset });
  const button =
    "cursor-pointer rounded border border-stone-300 px-1.5 text-xs text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300";
  return (
    <div className="mt-4">
      <Flash />
      <div className="mb-1 flex flex-wrap items-baseline gap-x-3">
        <h1 className="font-serif text-xl font-semibold">Reading list</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400">papers you saved, newest first</p>
      </div>
      <p className="text-sm text-stone-700 dark:text-stone-300">
        Export:{" "}
        <a href="/saved/export.bib" className="underline">
          BibTeX
        </a>{" "}
        ·{" "}
        <a href="/saved/export.json" className="underline">
          CSL-JSON (Zotero)
        </a>
      </p>
      {page.items.length === 0 ? (
        <p className="py-4 text-stone-600 dark:text-stone-400">Nothing saved yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-stone-200 dark:divide-stone-800">
          {page.items.map((paper) => {
            const read = paper.readAt !== null;
            return (
              <li
                key={paper.arxivId}
                className="py-2.5"
                data-testid="saved-paper"
                data-arxiv-id={paper.arxivId}
                data-read={read}
              >
                <h2 className="text-[15px] leading-snug font-medium">
                  <Link href={paperHref(paper.arxivId)} className="hover:underline">
                    <TexText text={paper.title} />
                  </Link>
                </h2>
                <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-[13px] text-stone-600 dark:text-stone-400">
                  <span>{authorsLine(paper.authors)}</span>
                  <span>· saved {formatDate(paper.savedAt)}</span>
                  {read && (
                    <span className="font-medium text-emerald-800 dark:text-emerald-400" data-testid="read-mark">
                      · read ✓
                    </span>
                  )}
                  <form action={markReadFormAction} className="inline">
                    <input type="hidden" name="arxivId" value={paper.arxivId} />
                    <input type="hidden" name="read" value={String(!read)} />
                    <input type="hidden" name="returnTo" value={here} />
                    <button
                      type="submit"
                      className={button}
                      aria-label={`${read ? "Mark unread" : "Mark read"}: ${paper.title}`}
                    >
                      {read ? "Mark unread" : "Mark read"}
                    </button>
                  </form>
                  <form action={saveFormAction} className="inline">
                    <input type="hidden" name="arxivId" value={paper.arxivId} />
                    <input type="hidden" name="saved" value="false" />
                    <input type="hidden" name="returnTo" value={here} />
                    <button
                      type="submit"
                      className={button}
                      aria-label={`Remove from your reading list: ${paper.title}`}
                    >
                      Remove
                    </button>
                  </form>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {page.nextCursor && (
        <nav aria-label="Pages" className="mt-4 text-sm">
          <Link href={withQuery("/saved", { cursor: page.nextCursor })} className="hover:underline" rel="next">
            More →
          </Link>
        </nav>
      )}
    </div>
  );
}
