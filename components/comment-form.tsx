"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useHydrated } from "@/components/use-hydrated";
import { commentFormHref, commentHref } from "@/lib/http/urls";

interface State {
  error: string | null;
  saved: number;
  body?: string;
  previewHtml?: string;
  savedId?: number;
}

type LivePreview = (body: string) => Promise<{ html: string | null; error: string | null }>;

/** How long typing must pause before the live preview asks the server. */
const PREVIEW_DELAY_MS = 400;

/**
 * The textarea for a new comment, a reply or an edit. Works without JavaScript as a plain
 * form post: the server action gives back the text with a refusal or a preview, and the page
 * is rendered again from that state, opening at the form (its anchor), with the reason. With
 * JavaScript the preview follows the typing (`livePreview`, the same renderer and budgets as
 * a post), and after a post focus and scroll move to the new comment.
 */
export function CommentForm(props: {
  action: (state: State, formData: FormData) => Promise<State>;
  arxivId: string;
  parentId?: number;
  commentId?: number;
  initialBody?: string;
  submitLabel: string;
  placeholder?: string;
  /** New comments and replies: the live preview (edits show their result in place). */
  livePreview?: LivePreview;
  /** A reply or edit form sits behind a summary ("reply", "edit"), open again when the server answered it. */
  collapsed?: { summary: string; summaryClassName: string };
}) {
  const id = `body-${props.commentId ?? "new"}-${props.parentId ?? "top"}`;
  // Without JavaScript the form posts to this URL: the page that comes back opens at this
  // form, so a refusal or a preview is shown where the reader was writing.
  const formAnchor = `form-${id}`;
  // A reply's form is on the page of the discussion that holds its parent (?comment=).
  const formPage = props.parentId ?? props.commentId;
  const permalink = commentFormHref(props.arxivId, formPage, formAnchor);
  const [state, formAction, pending] = useActionState(props.action, { error: null, saved: 0 }, permalink);
  const [body, setBody] = useState(state.body ?? props.initialBody ?? "");
  const [seenState, setSeenState] = useState(state);
  const [live, setLive] = useState<{ body: string; html: string | null; error: string | null } | null>(null);
  const hydrated = useHydrated();
  const form = useRef<HTMLFormElement>(null);
  // A new answer from the server (React's "adjust state during render" pattern): a success
  // clears a new comment's text; a refusal or a preview keeps the text as sent.
  if (state !== seenState) {
    setSeenState(state);
    if (state.saved !== seenState.saved) {
      if (props.initialBody === undefined) setBody("");
      setLive(null);
    } else if (state.body !== undefined) {
      setBody(state.body);
    }
  }
  useEffect(() => {
    if (state.saved === 0) return;
    // A reply or edit form lives in a <details>: close it once saved.
    const details = form.current?.closest("details[data-closes-on-save]");
    if (details instanceof HTMLDetailsElement) details.open = false;
    if (state.savedId !== undefined) {
      const posted = document.getElementById(`comment-${state.savedId}`);
      if (posted) {
        history.replaceState(null, "", `#comment-${state.savedId}`);
        posted.scrollIntoView({ block: "center" });
        posted.focus({ preventScroll: true });
      } else {
        // On another page of the discussion (lib/discussion/comment-pages.ts): go to the page that holds it.
        window.location.assign(commentHref(props.arxivId, state.savedId));
      }
    }
  }, [state.saved, state.savedId, props.arxivId]);

  const livePreview = props.livePreview;
  useEffect(() => {
    if (!livePreview || body.trim().length === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      livePreview(body).then(
        (result) => {
          if (current) setLive({ body, ...result });
        },
        () => undefined,
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body, livePreview]);

  const label = props.commentId ? "Edit your comment" : props.parentId ? "Your reply" : "Your comment";
  // The live preview once it caught up with the text; else the server's answer to "Preview".
  const liveCurrent = live !== null && live.body === body && body.trim().length > 0 ? live : null;
  const previewHtml = liveCurrent
    ? liveCurrent.html
    : state.previewHtml !== undefined && state.body === body
      ? state.previewHtml
      : null;
  const error = state.error ?? liveCurrent?.error ?? null;
  // Without JavaScript the page comes back from the server: a reply form it answered stays open.
  const answered = state.error !== null || state.previewHtml !== undefined;
  const errorId = `${id}-error`;

  const formElement = (
    <form ref={form} id={formAnchor} action={formAction} className="mt-2 scroll-mt-16" data-testid="comment-form">
      <input type="hidden" name="arxivId" value={props.arxivId} />
      {props.parentId !== undefined && <input type="hidden" name="parentId" value={props.parentId} />}
      {props.commentId !== undefined && <input type="hidden" name="commentId" value={props.commentId} />}
      {hydrated && <input type="hidden" name="js" value="1" />}
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        required
        maxLength={10_000}
        rows={props.parentId || props.commentId ? 3 : 4}
        placeholder={props.placeholder ?? "Markdown and $\\LaTeX$ math are supported."}
        aria-describedby={error ? errorId : undefined}
        className="w-full rounded border border-stone-300 bg-white p-2 font-mono text-sm dark:border-stone-700 dark:bg-stone-900"
      />
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-stone-400 px-3 py-1 text-sm hover:bg-stone-100 disabled:opacity-60 dark:border-stone-600 dark:hover:bg-stone-800"
        >
          {pending ? "Saving…" : props.submitLabel}
        </button>
        {props.commentId === undefined && (
          <button
            type="submit"
            name="intent"
            value="preview"
            formNoValidate
            disabled={pending}
            className="rounded border border-stone-300 px-3 py-1 text-sm text-stone-700 hover:bg-stone-100 disabled:opacity-60 dark:border-stone-700 dark:text-stone-300 dark:hover:bg-stone-800"
          >
            Preview
          </button>
        )}
        <span className="text-xs text-stone-600 dark:text-stone-400">{body.length.toLocaleString("en")}/10,000</span>
        {error && (
          <p role="alert" id={errorId} className="text-sm text-accent dark:text-accent-dark">
            {error}
          </p>
        )}
      </div>
      {previewHtml && (
        <div
          className="mt-2 rounded border border-dashed border-stone-300 p-2 dark:border-stone-700"
          data-testid="comment-preview"
        >
          <p className="text-xs text-stone-600 dark:text-stone-400">Preview</p>
          <div className="comment-body" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </div>
      )}
    </form>
  );

  if (!props.collapsed) return formElement;
  return (
    <details data-closes-on-save className="basis-full sm:basis-auto" open={answered || undefined}>
      <summary className={props.collapsed.summaryClassName}>{props.collapsed.summary}</summary>
      {formElement}
    </details>
  );
}
