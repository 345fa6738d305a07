import "server-only";
import { SubscribeForm } from "@/components/subscribe-form";
import { subscribeAction, subscribeSignedInAction } from "@/app/actions/subscriptions";
import { getUserSubscription } from "@/lib/subscriptions";
import { getViewer } from "@/lib/viewer";

/** The subscribe box of the home and daily trending pages. */
export async function Subscribe() {
  const viewer = await getViewer();
  const email = viewer && !viewer.banned ? (await getUserSubscription(viewer)).email : null;
  return email ? <SubscribeForm action={subscribeSignedInAction} signedInEmail={email} /> : <SubscribeForm action={subscribeAction} signedInEmail={null} />;
}
