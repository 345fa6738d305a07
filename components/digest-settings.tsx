"use client";

import { useActionState } from "react";

interface State {
  message: string | null;
  error: string | null;
}

export function DigestSettings(props: {
  action: (state: State, formData: FormData) => Promise<State>;
  email: string;
  current: "daily" | "weekly" | "none";
}) {
  const [state, formAction, pending] = useActionState(props.action, { message: null, error: null });
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
      <span>
        Digest to <strong>{props.email}</strong>:
      </span>
      <label htmlFor="digest-frequency" className="sr-only">
        Digest frequency
      </label>
      <select
        id="digest-frequency"
        name="frequency"
        defaultValue={props.current}
        className="rounded border border-stone-300 bg-transparent px-1.5 py-1 dark:border-stone-700"
      >
        <option value="daily">Daily</option>
        <option value="weekly">Weekly</option>
        <option value="none">None (unsubscribed)</option>
      </select>
      <button type="submit" disabled={pending} className="rounded border border-stone-400 px-3 py-1">
        Save
      </button>
      {state.message && (
        <span role="status" className="text-emerald-700 dark:text-emerald-400">
          {state.message}
        </span>
      )}
      {state.error && (
        <span role="alert" className="text-accent dark:text-accent-dark">
          {state.error}
        </span>
      )}
    </form>
  );
}
