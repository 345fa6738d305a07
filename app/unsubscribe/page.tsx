import type { Metadata } from "next";
import { TokenActionForm } from "@/components/token-action-form";
import { unsubscribeAction } from "@/app/actions/subscriptions";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const token = (await searchParams).token;
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="font-serif text-2xl font-semibold">Unsubscribe from the digest</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">No sign-in needed: it takes effect at once.</p>
      <TokenActionForm
        token={typeof token === "string" ? token : ""}
        action={unsubscribeAction}
        button="Unsubscribe"
        messages={{
          true: "You are unsubscribed. No more digests will be sent to this address.",
          false: "This unsubscribe link is not valid. If mail keeps coming, reply to it and we will remove you.",
        }}
      />
    </div>
  );
}
