"use client";

import { useActionState } from "react";

interface State {
  message: string | null;
  error: string | null;
}

/**
 * "Get trending papers in your inbox". Signed out: an address and a frequency, confirmed by
 * e-mail. Signed in with a GitHub e-mail: one click.
 */
export function SubscribeForm(props: {
  action: (state: State, formData: FormData) => Promise<State>;
  signedInEmail: string | null;
}) {
  const [state, formAction, pending] = useActionState(props.action, { message: null, error: null });
  return (
    <section aria-labelledby="subscribe-heading" className="mt-8 rounded border border-stone-300 p-3 dark:border-stone-700">
      <h2 id="subscribe-heading" className="text-sm font-semibold">
        Get trending papers in your inbox
      </h2>
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
        <select id="subscribe-frequency" name="frequency" defaultValue="daily" className="rounded border border-stone-300 bg-transparent px-1.5 py-1 dark:border-stone-700">
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
        </select>
        <button type="submit" disabled={pending} className="rounded border border-stone-400 px-3 py-1 hover:bg-stone-100 disabled:opacity-60 dark:border-stone-600 dark:hover:bg-stone-800">
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
