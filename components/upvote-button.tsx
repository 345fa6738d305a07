"use client";

import { usePathname } from "next/navigation";
import { useState, useTransition } from "react";
import { upvoteLabel } from "@/lib/format";
import { paperVoteApiPath } from "@/lib/http/urls";

export interface UpvoteButtonProps {
  arxivId: string;
  upvoted: boolean;
  upvotes: number;
  /** Where a signed-out click goes: the sign-in page, coming back here. */
  signInHref: string | null;
  /** The no-JavaScript path: a server action taking `arxivId` and `upvoted` form fields. */
  formAction: (formData: FormData) => Promise<void>;
  size?: "card" | "page";
}

/**
 * The upvote control. With JavaScript it updates at once and confirms with
 * PUT /api/papers/{id}/vote (the same API scripts use), rolling back with a message if the
 * server says no. Without JavaScript it is a plain form post to a server action.
 */
export function UpvoteButton(props: UpvoteButtonProps) {
  const [state, setState] = useState({ upvoted: props.upvoted, upvotes: props.upvotes });
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const pathname = usePathname();
  // The name says what the control shows (the count, so that it contains the visible text)
  // and its state: "Upvote, 28 votes", "Remove upvote, 29 votes".
  const label = upvoteLabel(state.upvoted, state.upvotes);
  // Classes from app/globals.css: the control repeats on every card of a listing.
  const box = props.size === "page" ? "upvote-page" : "upvote";
  const colours = state.upvoted ? "upvote-on" : "upvote-off";

  const content = (
    <>
      <span aria-hidden="true">▲</span>
      <span className="upvote-count" data-testid="upvote-count">
        {state.upvotes}
      </span>
    </>
  );

  if (props.signInHref) {
    return (
      <a
        href={props.signInHref}
        className={`${box} ${colours}`}
        aria-label={`${upvoteLabel(false, state.upvotes)} (sign in first)`}
        title="Sign in to upvote"
        data-upvote-control
      >
        {content}
      </a>
    );
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const previous = state;
    const desired = !previous.upvoted;
    setMessage(null);
    setState({ upvoted: desired, upvotes: previous.upvotes + (desired ? 1 : -1) });
    startTransition(async () => {
      try {
        const response = await fetch(paperVoteApiPath(props.arxivId), {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ upvoted: desired }),
        });
        const body = (await response.json().catch(() => ({}))) as {
          upvoted?: boolean;
          upvotes?: number;
          error?: string;
        };
        if (!response.ok || typeof body.upvotes !== "number") {
          setState(previous);
          const retry = response.headers.get("retry-after");
          setMessage(
            response.status === 429
              ? `You are voting too fast. Try again in ${retry ?? "a few"} s.`
              : (body.error ?? "Your vote could not be saved. Please try again."),
          );
          return;
        }
        setState({ upvoted: Boolean(body.upvoted), upvotes: body.upvotes });
      } catch {
        setState(previous);
        setMessage("Your vote could not be saved: the connection failed.");
      }
    });
  }

  return (
    <div className="relative shrink-0">
      <form action={props.formAction} onSubmit={submit}>
        <input type="hidden" name="arxivId" value={props.arxivId} />
        <input type="hidden" name="returnTo" value={pathname} />
        <input type="hidden" name="upvoted" value={String(!state.upvoted)} />
        <button
          type="submit"
          aria-label={label}
          aria-pressed={state.upvoted}
          title={label}
          disabled={pending}
          data-upvote-control
          className={`${box} ${colours} cursor-pointer disabled:cursor-wait`}
        >
          {content}
        </button>
      </form>
      {message && (
        <p
          role="alert"
          className="absolute top-full left-0 z-10 mt-1 w-56 rounded border border-accent bg-white p-2 text-xs text-accent shadow dark:bg-stone-900"
        >
          {message}
        </p>
      )}
    </div>
  );
}
