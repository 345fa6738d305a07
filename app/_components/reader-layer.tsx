import "server-only";
import { FollowButton } from "@/components/follow-button";
import { HideSeenToggle } from "@/components/hide-seen-toggle";
import type { Saving } from "@/components/save-button";
import { followFormAction } from "@/app/actions/follows";
import { hideSeenFormAction, saveFormAction } from "@/app/actions/reading-list";
import { getFollowState } from "@/lib/reader/follows";
import { getSavedArxivIds, getSeenFilter } from "@/lib/reader/reading-list";
import { signInHref } from "@/lib/http/urls";
import { getViewer } from "@/lib/identity/viewer";

/**
 * The reader's own layer over a shared feed page (docs/FOLLOWS.md): which listed papers they
 * saved, the "hide papers I have saved, voted or opened" filter applied to this page's items,
 * and a Follow button for the category the feed is narrowed to. Read per request for this
 * reader alone, after the shared cache served the page, so nothing personal enters the cache.
 */
export async function readerLayer<T extends { id: number; arxivId: string }>(
  items: T[],
  returnTo: string,
  category?: string,
): Promise<{ items: T[]; saving: Saving; personal: React.ReactNode }> {
  const viewer = await getViewer();
  const signIn = viewer ? null : signInHref(returnTo);
  const [filter, saved, follows] = await Promise.all([
    getSeenFilter(
      viewer?.id,
      items.map((item) => item.id),
    ),
    getSavedArxivIds(
      viewer?.id,
      items.map((item) => item.arxivId),
    ),
    category ? getFollowState(viewer?.id, { categories: [category] }) : Promise.resolve(null),
  ]);
  const shown = filter.hideSeen ? items.filter((item) => !filter.seen.has(item.id)) : items;
  const personal = (
    <div className="flex flex-wrap items-center gap-x-4">
      {viewer && (
        <HideSeenToggle
          hideSeen={filter.hideSeen}
          hiddenCount={items.length - shown.length}
          returnTo={returnTo}
          formAction={hideSeenFormAction}
        />
      )}
      {category && (
        <div className="mb-1" data-testid="follow-category">
          <FollowButton
            kind="category"
            value={category}
            label={category}
            following={follows?.categories.has(category) ?? false}
            returnTo={returnTo}
            signInHref={signIn}
            formAction={followFormAction}
          />
        </div>
      )}
    </div>
  );
  return {
    items: shown,
    saving: { saved: [...saved], signInHref: signIn, returnTo, formAction: saveFormAction },
    personal,
  };
}
