import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { signInAsDemoUser, signInWithGitHub } from "@/app/actions/auth";
import { isGitHubConfigured } from "@/lib/identity/auth";
import { isDemoSignInAvailable, listDemoUsers } from "@/lib/identity/demo-sign-in";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { getViewer } from "@/lib/identity/viewer";
import { SignInProblem } from "@/components/sign-in-problem";
import { Flash } from "@/components/flash";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await connection();
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(
    typeof params.callbackUrl === "string" ? params.callbackUrl.replace(/^https?:\/\/[^/]+/, "") : undefined,
  );
  if (await getViewer()) redirect(callbackUrl);
  // Auth.js sends OAuth failures (a cancelled authorization among them) back here with ?error=.
  if (typeof params.error === "string") return <SignInProblem code={params.error} />;
  const demoUsers = isDemoSignInAvailable() ? await listDemoUsers() : [];

  return (
    <div className="mx-auto mt-10 max-w-md">
      <Flash />
      <h1 className="font-serif text-2xl font-semibold">Sign in</h1>
      <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">
        Signing in lets you upvote papers, discuss them and submit new ones. Reading needs no account.
      </p>
      {isGitHubConfigured() ? (
        <div className="mt-5">
          <form action={signInWithGitHub}>
            <input type="hidden" name="redirectTo" value={callbackUrl} />
            <button
              type="submit"
              className="rounded bg-stone-900 px-4 py-2 text-sm font-medium text-white dark:bg-stone-100 dark:text-stone-900"
            >
              Sign in with GitHub
            </button>
          </form>
        </div>
      ) : (
        !isDemoSignInAvailable() && (
          <p className="mt-5 rounded border border-amber-400 bg-amber-50 p-3 text-sm dark:bg-amber-950">
            Sign-in is not configured on this server: the operator must set AUTH_GITHUB_ID and AUTH_GITHUB_SECRET.
          </p>
        )
      )}
      {demoUsers.length > 0 && (
        <section className="mt-8 rounded border border-dashed border-amber-500 p-4">
          <h2 className="font-semibold">Sign in as a demo user</h2>
          <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
            Development only: try voting and commenting on the demo data as one of its synthetic users. This is never
            available on a production server.
          </p>
          <form action={signInAsDemoUser} className="mt-3 flex flex-wrap gap-2">
            <input type="hidden" name="redirectTo" value={callbackUrl} />
            <label className="sr-only" htmlFor="demo-login">
              Demo user
            </label>
            <select
              id="demo-login"
              name="login"
              className="rounded border border-stone-400 bg-transparent px-2 py-1 text-sm"
            >
              {demoUsers.map((user) => (
                <option key={user.login} value={user.login}>
                  {user.name ?? user.login} ({user.login})
                </option>
              ))}
            </select>
            <button type="submit" className="rounded border border-stone-400 px-3 py-1 text-sm">
              Sign in as a demo user
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
