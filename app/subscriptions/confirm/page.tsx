import type { Metadata } from "next";
import { TokenActionForm } from "@/components/token-action-form";
import { confirmAction } from "@/app/actions/subscriptions";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

export default async function ConfirmPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const token = (await searchParams).token;
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="font-serif text-2xl font-semibold">Confirm your subscription</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">One click, and the trending papers come to your inbox.</p>
      <TokenActionForm
        token={typeof token === "string" ? token : ""}
        action={confirmAction}
        button="Confirm my subscription"
        messages={{
          confirmed: "Confirmed. The next digest will be in your inbox; every one has a one-click unsubscribe link.",
          expired: "This confirmation link has expired. Subscribe again to get a new one.",
          invalid: "This confirmation link is not valid. Subscribe again to get a new one.",
        }}
      />
    </div>
  );
}
