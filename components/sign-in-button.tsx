"use client";

import { usePathname } from "next/navigation";

/**
 * A form, so that it works without JavaScript; the hidden field carries the page to come
 * back to. With JavaScript the query string is added at submit time.
 */
export function SignInButton({
  action,
  label,
  phoneLabel,
}: {
  action: (formData: FormData) => Promise<void>;
  label: string;
  /** The start of `label` shown on a phone, where the header has no room for all of it; the name stays whole. */
  phoneLabel?: string;
}) {
  const pathname = usePathname();
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const field = event.currentTarget.elements.namedItem("redirectTo") as HTMLInputElement | null;
        if (field) field.value = window.location.pathname + window.location.search;
      }}
    >
      <input type="hidden" name="redirectTo" defaultValue={pathname} />
      <button
        type="submit"
        className="rounded border border-stone-400 px-2 py-0.5 text-sm hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800"
      >
        {phoneLabel && label.startsWith(phoneLabel) ? (
          <>
            {phoneLabel}
            <span className="max-sm:sr-only">{label.slice(phoneLabel.length)}</span>
          </>
        ) : (
          label
        )}
      </button>
    </form>
  );
}
