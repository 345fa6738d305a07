import type { Metadata } from "next";
import Link from "next/link";

// Prerendered: the layout's session read sees no cookie here, and the header's account
// corner fills itself in the browser (app/layout.tsx).
export const dynamic = "force-static";

export const metadata: Metadata = { title: "Account deleted", robots: { index: false } };

/** Where deleting one's account leads: static, since the reader has no account any more. */
export default function AccountDeletedPage() {
  return (
    <div className="mt-6 max-w-xl">
      <h1 className="font-serif text-2xl font-semibold">Your account has been deleted</h1>
      <p className="mt-3 text-sm text-stone-700 dark:text-stone-300">
        You are signed out everywhere, your API tokens no longer work, your votes are gone and no more digest mail will
        be sent. Your comments remain in their threads as “[deleted user]”, with their text removed. Signing in with
        GitHub again would create a new, empty account. The public moderation log and the published daily trending lists
        are history and stay as they were.
      </p>
      <p className="mt-4">
        <Link href="/" className="underline">
          Back to the papers
        </Link>
      </p>
    </div>
  );
}
