import Link from "next/link";

// Auth.js names the error in ?error=; say what it means for the person in front of the page.
const MESSAGES: Record<string, string> = {
  AccessDenied: "The sign-in was cancelled or not allowed. Nothing was changed.",
  OAuthCallbackError: "GitHub did not complete the sign-in (it may have been cancelled). Nothing was changed.",
  OAuthSignin: "The sign-in with GitHub could not be started. Please try again.",
  OAuthAccountNotLinked: "This e-mail address already belongs to another account here. Nothing was changed.",
  Verification: "The sign-in link has expired or was already used.",
  Configuration: "Sign-in is misconfigured on this server. If this persists, tell the site's operator.",
};

export function SignInProblem({ code }: { code: string }) {
  return (
    <div className="mx-auto mt-12 max-w-md text-center" role="alert">
      <h1 className="font-serif text-2xl font-semibold">Sign-in did not complete</h1>
      <p className="mt-3 text-stone-600 dark:text-stone-400">
        {MESSAGES[code] ?? "The sign-in did not complete. Nothing was changed."}
      </p>
      <p className="mt-6 flex justify-center gap-5">
        <Link href="/signin" className="text-accent hover:underline dark:text-accent-dark">
          Try again
        </Link>
        <Link href="/" className="text-accent hover:underline dark:text-accent-dark">
          Back to the papers
        </Link>
      </p>
    </div>
  );
}
