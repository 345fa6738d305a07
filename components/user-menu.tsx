"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { Avatar } from "@/components/avatar";
import { profileHref } from "@/lib/http/urls";

/**
 * The signed-in user's menu: a <details>, so it opens without JavaScript. The header
 * survives client-side navigation, so the menu closes itself when the page changes.
 */
export function UserMenu(props: {
  login: string | null;
  name: string | null;
  image: string | null;
  /** A server action, so that signing out works without JavaScript. */
  signOut: (formData: FormData) => Promise<void>;
}) {
  const label = props.name ?? props.login ?? "Account";
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <details ref={menu} className="relative" data-testid="user-menu">
      <summary
        className="flex min-h-6 cursor-pointer list-none items-center gap-1.5"
        aria-label={`Account menu for ${label}`}
      >
        <Avatar src={props.image} name={label} size={26} />
        <span className="hidden text-stone-700 sm:inline dark:text-stone-300">{props.login ?? label}</span>
      </summary>
      <div className="absolute right-0 z-10 mt-2 w-44 rounded border border-stone-300 bg-white py-1 text-sm shadow-md dark:border-stone-700 dark:bg-stone-900">
        {props.login && (
          <Link
            href={profileHref(props.login)}
            className="block px-3 py-1.5 hover:bg-stone-100 dark:hover:bg-stone-800"
          >
            Profile
          </Link>
        )}
        <Link href="/following" className="block px-3 py-1.5 hover:bg-stone-100 dark:hover:bg-stone-800">
          Following
        </Link>
        <Link href="/saved" className="block px-3 py-1.5 hover:bg-stone-100 dark:hover:bg-stone-800">
          Reading list
        </Link>
        <Link href="/settings" className="block px-3 py-1.5 hover:bg-stone-100 dark:hover:bg-stone-800">
          Settings
        </Link>
        <form action={props.signOut}>
          <button
            type="submit"
            className="block w-full px-3 py-1.5 text-left hover:bg-stone-100 dark:hover:bg-stone-800"
          >
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
