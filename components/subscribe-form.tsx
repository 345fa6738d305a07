"use client";

import { useActionState, useState } from "react";
import {
  SUBSCRIBE_PROMPT_DISMISSED_COOKIE,
  SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS,
  SUBSCRIBE_PROMPT_DISMISSED_VALUE,
} from "@/lib/mail/subscribe-prompt";

interface State {
  message: string | null;
  error: string | null;
}

/**
 * "Get trending papers in your inbox". Signed out: an address and a frequency, confirmed by
 * e-mail. Signed in with a GitHub e-mail: one click. "Dismiss" hides it for good in this
 * browser: at once with JavaScript (the page writes the cookie), else by a form post to a
 * server action that writes it and comes back.
 */
export function SubscribeForm(props: {
  action: (state: State, formData: FormData) => Promise<State>;
  signedInEmail: string | null;
  dismissAction: (formData: FormData) => Promise<void>;
  returnTo: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, { message: null, error: null });
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;

  function dismissNow(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    document.cookie = `${SUBSCRIBE_PROMPT_DISMISSED_COOKIE}=${SUBSCRIBE_PROMPT_DISMISSED_VALUE}; path=/; max-age=${SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS}; samesite=lax`;
    setDismissed(true);
  }

  return (
    <section
      aria-labelledby="subscribe-heading"
      className={`rounded border border-stone-300 p-3 dark:border-stone-700 ${props.className ?? "mt-8"}`}
      data-testid="subscribe-prompt"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id="subscribe-heading" className="text-sm font-semibold">
          Get trending papers in your inbox
        </h2>
        <form action={props.dismissAction} onSubmit={dismissNow}>
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <button
            type="submit"
            aria-label="Dismiss: do not show this again"
            title="Do not show this again"
            className="-mt-1 -mr-1 inline-flex size-6 cursor-pointer items-center justify-center rounded text-stone-500 hover:bg-stone-100 hover:text-stone-900 dark:hover:bg-stone-800 dark:hover:text-stone-100"
          >
            <span aria-hidden="true">×</span>
          </button>
        </form>
      </div>
      <form action={formAction} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        {props.signedInEmail === null ? (
          <>
            <label htmlFor="subscribe-email" className="sr-only">
              E-mail address
            </label>
            <input
              id="subscribe-email"
              name="email"
              type="email"
              required
              maxLength={254}
              placeholder="you@university.edu"
              className="w-60 rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900"
            />
          </>
        ) : (
          <span className="text-stone-600 dark:text-stone-400">to {props.signedInEmail}</span>
        )}
        <label htmlFor="subscribe-frequency" className="sr-only">
          Frequency
        </label>
        <select
          id="subscribe-frequency"
          name="frequency"
          defaultValue="daily"
          className="rounded border border-stone-300 bg-transparent px-1.5 py-1 dark:border-stone-700"
        >
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
        </select>
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-stone-400 px-3 py-1 hover:bg-stone-100 disabled:opacity-60 dark:border-stone-600 dark:hover:bg-stone-800"
        >
          Subscribe
        </button>
      </form>
      {state.message && (
        <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
          {state.message}
        </p>
      )}
      {state.error && (
        <p role="alert" className="mt-2 text-sm text-accent dark:text-accent-dark">
          {state.error}
        </p>
      )}
    </section>
  );
}
