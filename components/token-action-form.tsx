"use client";

import Link from "next/link";
import { useActionState } from "react";

/**
 * A page that acts on a signed link with one button: link scanners that fetch every URL in
 * a mail must not confirm or unsubscribe anyone, so the GET only shows the button.
 */
export function TokenActionForm<Result extends string | boolean>(props: {
  token: string;
  action: (state: Result | null, formData: FormData) => Promise<Result | null>;
  button: string;
  messages: Record<string, string>;
}) {
  const [result, formAction, pending] = useActionState(props.action, null);
  if (result !== null) {
    return (
      <div role="status">
        <p className="mt-3">{props.messages[String(result)]}</p>
        <p className="mt-4">
          <Link href="/" className="underline">
            Back to the trending papers
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={formAction} className="mt-4">
      <input type="hidden" name="token" value={props.token} />
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-stone-900 px-4 py-1.5 text-sm text-white dark:bg-stone-100 dark:text-stone-900"
      >
        {props.button}
      </button>
    </form>
  );
}
