"use client";

import { useActionState, useEffect, useRef, useState } from "react";

interface State {
  error: string | null;
  saved: number;
}

/**
 * The textarea for a new comment, a reply or an edit. It keeps what was typed when the
 * server refuses (rate limit, too long) and clears after a success. Works without
 * JavaScript as a plain form post.
 */
export function CommentForm(props: {
  action: (state: State, formData: FormData) => Promise<State>;
  arxivId: string;
  parentId?: number;
  commentId?: number;
  initialBody?: string;
  submitLabel: string;
  placeholder?: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, { error: null, saved: 0 });
  const [body, setBody] = useState(props.initialBody ?? "");
  const [seenSaved, setSeenSaved] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  // A new success: clear a new comment's text (React's "adjust state during render" pattern).
  if (state.saved !== seenSaved) {
    setSeenSaved(state.saved);
    if (props.initialBody === undefined) setBody("");
  }
  useEffect(() => {
    if (state.saved === 0) return;
    // A reply or edit form lives in a <details>: close it once saved.
    const details = form.current?.closest("details[data-closes-on-save]");
    if (details instanceof HTMLDetailsElement) details.open = false;
  }, [state.saved]);
  const label = props.commentId ? "Edit your comment" : props.parentId ? "Your reply" : "Your comment";
  return (
    <form ref={form} action={formAction} className="mt-2">
      <input type="hidden" name="arxivId" value={props.arxivId} />
      {props.parentId !== undefined && <input type="hidden" name="parentId" value={props.parentId} />}
      {props.commentId !== undefined && <input type="hidden" name="commentId" value={props.commentId} />}
      <label className="sr-only" htmlFor={`body-${props.commentId ?? "new"}-${props.parentId ?? "top"}`}>
        {label}
      </label>
      <textarea
        id={`body-${props.commentId ?? "new"}-${props.parentId ?? "top"}`}
        name="body"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        required
        maxLength={10_000}
        rows={props.parentId || props.commentId ? 3 : 4}
        placeholder={props.placeholder ?? "Markdown and $\\LaTeX$ math are supported."}
        className="w-full rounded border border-stone-300 bg-white p-2 font-mono text-sm dark:border-stone-700 dark:bg-stone-900"
      />
      <div className="mt-1 flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-stone-400 px-3 py-1 text-sm hover:bg-stone-100 disabled:opacity-60 dark:border-stone-600 dark:hover:bg-stone-800"
        >
          {pending ? "Saving…" : props.submitLabel}
        </button>
        <span className="text-xs text-stone-500">{body.length.toLocaleString("en")}/10,000</span>
        {state.error && (
          <p role="alert" className="text-sm text-accent dark:text-accent-dark">
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}
