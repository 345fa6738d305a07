import Link from "next/link";
import type { ReactNode } from "react";
import { signInHref } from "@/lib/http/urls";

/**
 * What a reader's own page (/following, /saved) shows before sign-in: its title, what it
 * will hold, and a sign-in link that comes back here.
 */
export function SignedOutPage({ title, path, children }: { title: string; path: string; children: ReactNode }) {
  return (
    <div className="mt-6 max-w-xl">
      <h1 className="font-serif text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-stone-700 dark:text-stone-300">
        {children}{" "}
        <Link href={signInHref(path)} className="text-accent underline dark:text-accent-dark">
          Sign in
        </Link>{" "}
        to see yours.
      </p>
    </div>
  );
}
