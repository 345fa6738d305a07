import "server-only";
import { cookies } from "next/headers";
import { SubscribeForm } from "@/components/subscribe-form";
import { dismissSubscribePromptAction, subscribeAction, subscribeSignedInAction } from "@/app/actions/subscriptions";
import { SUBSCRIBE_PROMPT_DISMISSED_COOKIE } from "@/lib/mail/subscribe-prompt";
import { getUserSubscription } from "@/lib/mail/subscriptions";
import { getReaderTemplate, getViewer } from "@/lib/identity/viewer";

/**
 * The subscribe box: at the top of the home page, under the daily trending pages. Nothing
 * once the reader dismissed it in this browser (lib/mail/subscribe-prompt.ts).
 */
export async function Subscribe({ returnTo, className }: { returnTo: string; className?: string }) {
  if ((await cookies()).has(SUBSCRIBE_PROMPT_DISMISSED_COOKIE)) return null;
  const [viewer, template] = await Promise.all([getViewer(), getReaderTemplate()]);
  const email = template ? template.email : viewer && !viewer.banned ? (await getUserSubscription(viewer)).email : null;
  return (
    <SubscribeForm
      action={email ? subscribeSignedInAction : subscribeAction}
      signedInEmail={email}
      dismissAction={dismissSubscribePromptAction}
      returnTo={returnTo}
      className={className}
    />
  );
}
