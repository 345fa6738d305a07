"use client";

import { useActionState, type InputHTMLAttributes } from "react";

interface State {
  error: string | null;
  field: string | null;
}

const inputClass = "w-full rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900";

/** A labelled input of the form, marked invalid when the refusal names it. */
function Field({
  name,
  label,
  optional = false,
  invalidField,
  ...input
}: {
  name: string;
  label: string;
  optional?: boolean;
  invalidField: string | null;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
        {optional && (
          <>
            {" "}
            <span className="font-normal text-stone-500">(optional)</span>
          </>
        )}
      </label>
      <input id={name} name={name} aria-invalid={invalidField === name} className={inputClass} {...input} />
    </div>
  );
}

export function SubmitForm({ action }: { action: (state: State, formData: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, { error: null, field: null });
  return (
    <form action={formAction} className="mt-4 max-w-xl space-y-3">
      <Field
        name="arxivId"
        label="arXiv id or URL"
        invalidField={state.field}
        required
        autoFocus
        placeholder="2312.00752, arXiv:2312.00752 or https://arxiv.org/abs/2312.00752"
      />
      <Field
        name="codeUrl"
        label="Code repository"
        optional
        invalidField={state.field}
        type="url"
        placeholder="https://github.com/…"
      />
      <Field name="projectUrl" label="Project page" optional invalidField={state.field} type="url" />
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
