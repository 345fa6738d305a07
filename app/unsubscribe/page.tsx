import type { Metadata } from "next";
import { TokenActionForm } from "@/components/token-action-form";
import { SignedLinkPage, linkToken, type SignedLinkPageProps } from "@/components/signed-link-page";
import { unsubscribeAction } from "@/app/actions/subscriptions";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

export default async function UnsubscribePage({ searchParams }: SignedLinkPageProps) {
  return (
    <SignedLinkPage title="Unsubscribe from the digest">
      <p className="mt-2 text-stone-600 dark:text-stone-400">No sign-in needed: it takes effect at once.</p>
      <TokenActionForm
        token={linkToken(await searchParams)}
        action={unsubscribeAction}
        button="Unsubscribe"
        messages={{
          true: "You are unsubscribed. No more digests will be sent to this address.",
          false: "This unsubscribe link is not valid. If mail keeps coming, reply to it and we will remove you.",
        }}
      />
    </SignedLinkPage>
  );
}
