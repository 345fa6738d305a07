"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { Me } from "@/lib/http/api-schemas";
import { SignInButton } from "@/components/sign-in-button";
import { SignInLink } from "@/components/sign-in-link";
import { UserMenu } from "@/components/user-menu";
import { signInHref } from "@/lib/http/urls";

async function loadMe(signal?: AbortSignal): Promise<Me | null> {
  const response = await fetch("/api/me", { cache: "no-store", signal });
  return response.ok ? ((await response.json()) as Me) : null;
}

/**
 * The header's account corner. A signed-in reader's menu comes rendered from the server
 * (app/layout.tsx), so it works without JavaScript; signing out is a form post to a server
 * action, which re-renders the layout (the layout keys this component by the viewer, so it
 * starts afresh). The browser also asks GET /api/me, again after each navigation: on a
 * prerendered page such as /about the server could not look, and a client-side navigation
 * keeps the layout as it was (after "Sign out everywhere", or a session that expired).
 */
export function AccountControls(props: {
  initial: Me | null;
  /** Server actions, passed in by the layout (components do not import app/). */
  actions: { signIn: (formData: FormData) => Promise<void>; signOut: (formData: FormData) => Promise<void> };
}) {
  const pathname = usePathname();
  const [me, setMe] = useState<Me | null>(props.initial);
  useEffect(() => {
    const controller = new AbortController();
    loadMe(controller.signal)
      .then((answer) => {
        if (answer) setMe(answer);
      })
      .catch(() => {});
    return () => controller.abort();
  }, [pathname]);

  if (me) {
    const unread = me.unreadNotifications;
    // data-account-ready: the corner holds its final control (the accessibility check waits for it).
    return (
      <div className="flex items-center gap-3" data-account-ready>
        {me.viewer ? (
          <>
            <Link
              href="/notifications"
              data-testid="notifications-link"
              className="inline-flex min-h-6 items-center text-stone-700 hover:underline dark:text-stone-300"
            >
              Inbox
              {unread > 0 && (
                <>
                  {" "}
                  <span className="ml-1 rounded-full bg-accent px-1.5 text-xs font-semibold text-white">
                    {unread > 99 ? "99+" : unread}
                  </span>
                  <span className="sr-only"> unread</span>
                </>
              )}
            </Link>
            <UserMenu
              login={me.viewer.login}
              name={me.viewer.name}
              image={me.viewer.image}
              signOut={props.actions.signOut}
            />
          </>
        ) : me.signIn === "github" ? (
          <SignInButton action={props.actions.signIn} label="Sign in with GitHub" phoneLabel="Sign in" />
        ) : me.signIn === "demo" ? (
          <SignInLink label="Sign in as a demo user" />
        ) : null}
      </div>
    );
  }
  // Until the answer comes: room for the control, so nothing jumps. Without JavaScript, a
  // link to the sign-in page, which brings the reader back here (at once if signed in).
  return (
    <span className="inline-block min-w-16">
      <noscript>
        <Link
          href={signInHref(pathname)}
          className="rounded border border-stone-400 px-2 py-0.5 hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800"
        >
          Sign in
        </Link>
      </noscript>
    </span>
  );
}
