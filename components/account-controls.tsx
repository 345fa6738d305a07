"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { Me } from "@/lib/api-schemas";
import { signInWithGitHub, signOutAction } from "@/app/actions/auth";
import { SignInButton } from "@/components/sign-in-button";
import { SignInLink } from "@/components/sign-in-link";
import { UserMenu } from "@/components/user-menu";

async function loadMe(signal?: AbortSignal): Promise<Me | null> {
  const response = await fetch("/api/me", { cache: "no-store", signal });
  return response.ok ? ((await response.json()) as Me) : null;
}

/**
 * The header's account corner, filled in the browser from GET /api/me. Kept out of the
 * server render so that the layout holds nothing per-user: pages without per-user content
 * (such as /about) are prerendered, and the home page can be cached for everyone. Asked
 * again after each navigation, since signing in or out ends with one.
 */
export function AccountControls() {
  const pathname = usePathname();
  const router = useRouter();
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    loadMe(controller.signal)
      .then((answer) => {
        if (answer) setMe(answer);
      })
      .catch(() => {});
    return () => controller.abort();
  }, [pathname]);

  if (me?.viewer) {
    // Then home, with every server-rendered part (and the router's cache) without the session.
    const signOut = async () => {
      await signOutAction();
      setMe(await loadMe());
      router.push("/");
      router.refresh();
    };
    const unread = me.unreadNotifications;
    return (
      <>
        <Link href="/notifications" data-testid="notifications-link" className="text-stone-700 hover:underline dark:text-stone-300">
          Inbox
          {unread > 0 && (
            <>
              {" "}
              <span className="rounded-full bg-accent px-1.5 text-xs font-semibold text-white">{unread > 99 ? "99+" : unread}</span>
              <span className="sr-only"> unread</span>
            </>
          )}
        </Link>
        <UserMenu login={me.viewer.login} name={me.viewer.name} image={me.viewer.image} signOut={signOut} />
      </>
    );
  }
  if (me?.signIn === "github") return <SignInButton action={signInWithGitHub} label="Sign in with GitHub" />;
  if (me?.signIn === "demo") return <SignInLink label="Sign in as a demo user" />;
  if (me) return null;
  // Until the answer comes: room for the control, so nothing jumps. Without JavaScript, a
  // link to the sign-in page, which brings the reader back here (at once if signed in).
  return (
    <span className="inline-block min-w-16">
      <noscript>
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(pathname)}`}
          className="rounded border border-stone-400 px-2 py-0.5 hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800"
        >
          Sign in
        </Link>
      </noscript>
    </span>
  );
}
