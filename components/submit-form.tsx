"use client";

import { useActionState } from "react";

interface State {
  error: string | null;
  field: string | null;
}

const input = "w-full rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900";

export function SubmitForm({ action }: { action: (state: State, formData: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, { error: null, field: null });
  return (
    <form action={formAction} className="mt-4 max-w-xl space-y-3">
      <div>
        <label htmlFor="arxivId" className="block text-sm font-medium">
          arXiv id or URL
        </label>
        <input
          id="arxivId"
          name="arxivId"
          required
          autoFocus
          placeholder="2312.00752, arXiv:2312.00752 or https://arxiv.org/abs/2312.00752"
          aria-invalid={state.field === "arxivId"}
          className={input}
        />
      </div>
      <div>
        <label htmlFor="codeUrl" className="block text-sm font-medium">
          Code repository <span className="font-normal text-stone-500">(optional)</span>
        </label>
        <input
          id="codeUrl"
          name="codeUrl"
          type="url"
          placeholder="https://github.com/…"
          aria-invalid={state.field === "codeUrl"}
          className={input}
        />
      </div>
      <div>
        <label htmlFor="projectUrl" className="block text-sm font-medium">
          Project page <span className="font-normal text-stone-500">(optional)</span>
        </label>
        <input
          id="projectUrl"
          name="projectUrl"
          type="url"
          aria-invalid={state.field === "projectUrl"}
          className={input}
        />
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-accent dark:text-accent-dark">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-stone-900 px-4 py-1.5 text-sm text-white disabled:opacity-60 dark:bg-stone-100 dark:text-stone-900"
      >
        {pending ? "Fetching from arXiv…" : "Submit"}
      </button>
    </form>
  );
}
