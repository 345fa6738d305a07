/**
 * Save a paper for later (the reading list, /saved), or take it off. A plain form posting to
 * a server action: it works without JavaScript; the `s` key of the feeds clicks it.
 */
export interface Saving {
  /** arXiv ids the reader has saved among those listed. */
  saved: string[];
  /** Null when signed in; else where a click leads. */
  signInHref: string | null;
  returnTo: string;
  formAction: (formData: FormData) => Promise<void>;
}

export function SaveButton({
  arxivId,
  saving,
  size = "card",
}: {
  arxivId: string;
  saving: Saving;
  size?: "card" | "page";
}) {
  const saved = saving.saved.includes(arxivId);
  const box = size === "page" ? "rounded border px-2.5 py-1 text-sm" : "text-[13px]";
  const colours =
    size === "page"
      ? saved
        ? "border-accent text-accent dark:border-accent-dark dark:text-accent-dark"
        : "border-stone-300 text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300"
      : saved
        ? "text-accent dark:text-accent-dark"
        : "text-stone-600 dark:text-stone-400";
  if (saving.signInHref) {
    return (
      <a
        href={saving.signInHref}
        className={`${box} ${colours} hover:underline`}
        aria-label="Save for later (sign in first)"
        data-save-control
      >
        save
      </a>
    );
  }
  // The accessible name contains the visible word (WCAG 2.5.3, label in name).
  const name = saved ? "Saved: remove from your reading list" : "Save for later";
  return (
    <form action={saving.formAction} className="inline">
      <input type="hidden" name="arxivId" value={arxivId} />
      <input type="hidden" name="saved" value={String(!saved)} />
      <input type="hidden" name="returnTo" value={saving.returnTo} />
      <button
        type="submit"
        className={`${box} ${colours} cursor-pointer hover:underline`}
        aria-label={name}
        title={name}
        data-save-control
      >
        {saved ? (
          <>
            saved<span aria-hidden="true"> ✓</span>
          </>
        ) : (
          "save"
        )}
      </button>
    </form>
  );
}
