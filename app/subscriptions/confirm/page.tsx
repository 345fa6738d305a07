import type { Metadata } from "next";
import { TokenActionForm } from "@/components/token-action-form";
import { SignedLinkPage, linkToken, type SignedLinkPageProps } from "@/components/signed-link-page";
import { confirmAction } from "@/app/actions/subscriptions";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

export default async function ConfirmPage({ searchParams }: SignedLinkPageProps) {
  return (
    <SignedLinkPage title="Confirm your subscription">
      <p className="mt-2 text-stone-600 dark:text-stone-400">One click, and the trending papers come to your inbox.</p>
      <TokenActionForm
        token={linkToken(await searchParams)}
        action={confirmAction}
        button="Confirm my subscription"
        messages={{
          confirmed: "Confirmed. The next digest will be in your inbox; every one has a one-click unsubscribe link.",
          expired: "This confirmation link has expired. Subscribe again to get a new one.",
          invalid: "This confirmation link is not valid. Subscribe again to get a new one.",
        }}
      />
    </SignedLinkPage>
  );
}
