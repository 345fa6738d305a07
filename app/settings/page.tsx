import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Avatar } from "@/components/avatar";
import { LabelledSection } from "@/components/labelled-section";
import { signOutEverywhereAction } from "@/app/actions/auth";
import { getViewer } from "@/lib/identity/viewer";
import { profileHref, signInHref } from "@/lib/http/urls";
import { DigestSettings } from "@/components/digest-settings";
import { subscribeSignedInAction } from "@/app/actions/subscriptions";
import { getUserSubscription } from "@/lib/mail/subscriptions";
import { listTokens } from "@/lib/identity/tokens";
import { TokenCreator } from "@/components/token-creator";
import { createTokenAction, revokeTokenAction } from "@/app/actions/tokens";
import { formatDate } from "@/lib/format";
import { deleteAccountAction } from "@/app/actions/account";
import { Flash } from "@/components/flash";
import { NotificationEmailSettings } from "@/components/notification-email-settings";
import { saveEmailPreferencesAction } from "@/app/actions/notifications";
import { getEmailPreferences } from "@/lib/reader/notification-mail";
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from "@/lib/reader/notifications";

export const metadata: Metadata = { title: "Settings" };

/** The style of this page's section headings. */
const sectionHeading = "font-semibold";

export default async function SettingsPage() {
  await connection();
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/settings"));
  const [{ email, emailVerified, subscription }, tokens, emailPreferences] = await Promise.all([
    getUserSubscription(viewer),
    listTokens(viewer),
    getEmailPreferences(viewer.id),
  ]);
  return (
    <div className="mt-6 max-w-xl">
      <Flash />
      <h1 className="font-serif text-2xl font-semibold">Settings</h1>
      <section className="mt-5 flex items-center gap-3">
        <Avatar src={viewer.image} name={viewer.name ?? viewer.login ?? "?"} size={40} />
        <div className="text-sm">
          <p className="font-medium">{viewer.name}</p>
          <p className="text-stone-500">
            Your name and avatar come from GitHub and are refreshed each time you sign in.{" "}
            {viewer.login && (
              <Link href={profileHref(viewer.login)} className="hover:underline">
                View your profile
              </Link>
            )}
          </p>
        </div>
      </section>
      <section className="mt-8">
        <h2 className="font-semibold">Trending papers by e-mail</h2>
        {email ? (
          <DigestSettings
            action={subscribeSignedInAction}
            email={email}
            current={subscription?.status === "active" ? subscription.frequency : "none"}
          />
        ) : (
          <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
            Your GitHub account shares no e-mail address with us. You can subscribe any address with the form on the
            home page.
          </p>
        )}
      </section>
      <LabelledSection
        id="notification-email"
        className="mt-8"
        headingId="notification-email-heading"
        headingClassName={sectionHeading}
        title="Notification e-mail"
      >
        <NotificationEmailSettings
          action={saveEmailPreferencesAction}
          email={emailVerified ? email : null}
          kinds={NOTIFICATION_KINDS.map((kind) => ({
            kind,
            label: NOTIFICATION_KIND_LABELS[kind],
            mode: emailPreferences[kind],
          }))}
        />
      </LabelledSection>
      <LabelledSection className="mt-8" headingId="tokens-heading" headingClassName={sectionHeading} title="API tokens">
        <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
          Scripts and bots can vote, comment and submit as you with <code>Authorization: Bearer &lt;token&gt;</code>.
          See the{" "}
          <a href="/api" className="underline">
            API documentation
          </a>
          .
        </p>
        <TokenCreator action={createTokenAction} />
        {tokens.length > 0 && (
          <ul className="mt-3 divide-y divide-stone-200 text-sm dark:divide-stone-800" data-testid="tokens">
            {tokens.map((token) => (
              <li key={token.id} className="flex items-center gap-3 py-1.5">
                <span className="font-medium">{token.name}</span>
                <span className="text-stone-500">
                  created {formatDate(token.createdAt)} ·{" "}
                  {token.lastUsedAt ? `last used ${formatDate(token.lastUsedAt)}` : "never used"}
                </span>
                <form action={revokeTokenAction} className="ml-auto">
                  <input type="hidden" name="id" value={token.id} />
                  <button type="submit" className="text-accent hover:underline dark:text-accent-dark">
                    Revoke
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </LabelledSection>
      <LabelledSection className="mt-8" headingId="data-heading" headingClassName={sectionHeading} title="Your data">
        <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
          One JSON file with everything Paperboard holds about you: profile, e-mail and digest settings, votes, comments
          with their markdown, comment votes, submissions, reports and API token names (never their secrets).
        </p>
        <a
          href="/api/me/export"
          download
          className="mt-2 inline-block rounded border border-stone-400 px-3 py-1 text-sm"
        >
          Download your data
        </a>
      </LabelledSection>
      <section className="mt-8">
        <h2 className="font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
          Sign out of Paperboard in every browser where you are signed in. Your API tokens keep working unless you
          revoke them too.
        </p>
        <form action={signOutEverywhereAction} className="mt-2 flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name="revokeTokens" />
            Also revoke all my API tokens
          </label>
          <button type="submit" className="rounded border border-stone-400 px-3 py-1 text-sm">
            Sign out everywhere
          </button>
        </form>
      </section>
      <LabelledSection
        id="delete-account"
        className="mt-8 rounded border border-accent/40 p-3"
        headingId="delete-heading"
        headingClassName={sectionHeading}
        title="Delete your account"
      >
        <ul className="mt-1 list-disc pl-5 text-sm text-stone-600 dark:text-stone-400">
          <li>You are signed out everywhere at once and your API tokens stop working.</li>
          <li>
            Your votes are removed: counts and the live trending list change. Published daily trending lists stay as
            they were.
          </li>
          <li>
            Your comments stay in their threads, so that replies keep their place, shown as “[deleted user]”{" "}
            <strong>with their text removed</strong>.
          </li>
          <li>Your digest subscription ends: no more mail.</li>
          <li>Your GitHub login is free again: signing in later creates a new, empty account.</li>
        </ul>
        <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">
          This cannot be undone. Download your data first if you want to keep it.
        </p>
        <form action={deleteAccountAction} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="delete-login">
            Type <strong>{viewer.login ?? viewer.id}</strong> to confirm
          </label>
          <input
            id="delete-login"
            name="login"
            required
            autoComplete="off"
            maxLength={100}
            className="w-48 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
          />
          <button type="submit" className="rounded border border-accent px-3 py-1 text-accent dark:text-accent-dark">
            Delete my account
          </button>
        </form>
      </LabelledSection>
    </div>
  );
}
