"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signInHref } from "@/lib/http/urls";

/** A link to the sign-in page that brings the reader back to this page afterwards. */
export function SignInLink({ label }: { label: string }) {
  const pathname = usePathname();
  return (
    <Link
      href={signInHref(pathname)}
      className="rounded border border-stone-400 px-2 py-0.5 hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800"
    >
      {label}
    </Link>
  );
}
