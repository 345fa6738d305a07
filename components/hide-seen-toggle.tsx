/**
 * "Hide papers I have saved, voted or opened": the reader's own filter of every feed, a
 * toggle button in a plain form (works without JavaScript).
 */
export function HideSeenToggle({
  hideSeen,
  hiddenCount,
  returnTo,
  formAction,
}: {
  hideSeen: boolean;
  /** How many papers of this page the filter took out. */
  hiddenCount: number;
  returnTo: string;
  formAction: (formData: FormData) => Promise<void>;
}) {
  return (
    <form action={formAction} className="mb-1 flex flex-wrap items-center gap-x-2 text-sm" data-testid="hide-seen">
      <input type="hidden" name="hideSeen" value={String(!hideSeen)} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button
        type="submit"
        aria-pressed={hideSeen}
        className={`cursor-pointer rounded border px-2 py-0.5 ${
          hideSeen
            ? "border-accent text-accent dark:border-accent-dark dark:text-accent-dark"
            : "border-stone-300 text-stone-700 dark:border-stone-600 dark:text-stone-300"
        }`}
      >
        Hide papers I have saved, voted or opened
      </button>
      <span className="text-stone-600 dark:text-stone-400">
        {hideSeen ? (hiddenCount > 0 ? `on: ${hiddenCount} hidden on this page` : "on") : "off"}
      </span>
    </form>
  );
}
