"use client";

import { useActionState } from "react";

interface State {
  token: string | null;
  error: string | null;
}

/** Creates a token and shows it once: only its hash is kept. */
export function TokenCreator({ action }: { action: (state: State, formData: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, { token: null, error: null });
  return (
    <div className="mt-2">
      <form action={formAction} className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor="token-name" className="sr-only">
          Token name
        </label>
        <input
          id="token-name"
          name="name"
          required
          maxLength={80}
          placeholder="What is it for? e.g. my-bot"
          className="w-56 rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900"
        />
        <button type="submit" disabled={pending} className="rounded border border-stone-400 px-3 py-1">
          Create token
        </button>
      </form>
      {state.error && (
        <p role="alert" className="mt-1 text-sm text-accent dark:text-accent-dark">
          {state.error}
        </p>
      )}
      {state.token && (
        <div role="status" className="mt-2 rounded border border-amber-500 p-2 text-sm">
          <p>Copy it now: it will not be shown again.</p>
          <code data-testid="new-token" className="mt-1 block break-all select-all font-mono">
            {state.token}
          </code>
        </div>
      )}
    </div>
  );
}
