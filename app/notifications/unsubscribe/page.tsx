import type { Metadata } from "next";
import { unsubscribeNotificationsAction } from "@/app/actions/notifications";
import { TokenActionForm } from "@/components/token-action-form";
import { SignedLinkPage, linkToken, type SignedLinkPageProps } from "@/components/signed-link-page";
import { readUnsubscribeToken } from "@/lib/reader/notification-mail";
import { NOTIFICATION_KIND_LABELS } from "@/lib/reader/notifications";

export const metadata: Metadata = { title: "Stop notification e-mails", robots: { index: false } };

export default async function NotificationUnsubscribePage({ searchParams }: SignedLinkPageProps) {
  const token = linkToken(await searchParams);
  const read = token ? readUnsubscribeToken(token) : null;
  return (
    <SignedLinkPage title="Stop notification e-mails">
      {read ? (
        <>
          <p className="mt-2 text-stone-600 dark:text-stone-400">
            No sign-in needed: it takes effect at once. You will no longer get e-mail about:
          </p>
          <ul className="mt-2 list-disc pl-5">
            {read.kinds.map((kind) => (
              <li key={kind}>{NOTIFICATION_KIND_LABELS[kind]}</li>
            ))}
          </ul>
          <TokenActionForm
            token={token}
            action={unsubscribeNotificationsAction}
            button="Stop these e-mails"
            messages={{
              true: "Done: these e-mails are off. The notifications still appear in your inbox on the site.",
              false: "This link is not valid.",
            }}
          />
        </>
      ) : (
        <p className="mt-2" role="status">
          This unsubscribe link is not valid. Signed in, you can turn notification e-mail off in your settings.
        </p>
      )}
    </SignedLinkPage>
  );
}
