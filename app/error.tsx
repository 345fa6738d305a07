"use client";

import Link from "next/link";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="py-16 text-center">
      <h1 className="font-serif text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        The page could not be loaded. Please try again in a moment.
      </p>
      <p className="mt-4 flex justify-center gap-4">
        <button type="button" onClick={reset} className="text-accent hover:underline dark:text-accent-dark">
          Try again
        </button>
        <Link href="/" className="text-accent hover:underline dark:text-accent-dark">
          Home
        </Link>
      </p>
    </div>
  );
}
