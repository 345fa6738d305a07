"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/request-ip";
import { confirmSubscription, requestSubscription, setUserSubscription, subscribeSchema, unsubscribeByToken, type ConfirmResult } from "@/lib/subscriptions";
import { getViewer } from "@/lib/viewer";
import { safeRedirectPath } from "@/lib/safe-redirect";
import {
  SUBSCRIBE_PROMPT_DISMISSED_COOKIE,
  SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS,
  SUBSCRIBE_PROMPT_DISMISSED_VALUE,
} from "@/lib/subscribe-prompt";

export interface SubscribeState {
  message: string | null;
  error: string | null;
}

export async function subscribeAction(_state: SubscribeState, formData: FormData): Promise<SubscribeState> {
  const parsed = subscribeSchema.safeParse({ email: String(formData.get("email") ?? ""), frequency: formData.get("frequency") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { message: null, error: issue.path[0] === "frequency" ? "Choose daily or weekly." : `The e-mail address ${issue.message}.` };
  }
  try {
    await requestSubscription(parsed.data, clientIp(await headers()));
  } catch (error) {
    if (error instanceof AppError) return { message: null, error: error.message };
    throw error;
  }
  return { message: "Check your inbox: follow the link in the e-mail we sent to confirm. Nothing else is sent until then.", error: null };
}

export async function subscribeSignedInAction(_state: SubscribeState, formData: FormData): Promise<SubscribeState> {
  const frequency = formData.get("frequency");
  let result;
  try {
    result = await setUserSubscription(
      await getViewer(),
      frequency === "weekly" ? "weekly" : frequency === "none" ? null : "daily",
      clientIp(await headers()),
    );
  } catch (error) {
    if (error instanceof AppError) return { message: null, error: error.message };
    throw error;
  }
  revalidatePath("/settings");
  if (result === "unsubscribed") return { message: "Unsubscribed.", error: null };
  if (result === "confirmation_sent") {
    return {
      message: "GitHub has not verified this address: check your inbox and follow the link in the e-mail we sent to confirm. Nothing else is sent until then.",
      error: null,
    };
  }
  return { message: `Subscribed: the ${frequency === "weekly" ? "weekly" : "daily"} digest goes to your GitHub e-mail.`, error: null };
}

export async function confirmAction(_state: ConfirmResult | null, formData: FormData): Promise<ConfirmResult> {
  return confirmSubscription(String(formData.get("token") ?? ""));
}

export async function unsubscribeAction(_state: boolean | null, formData: FormData): Promise<boolean> {
  return unsubscribeByToken(String(formData.get("token") ?? ""));
}

/** The subscribe prompt's "Dismiss" without JavaScript: remembered by a cookie, then back to the page. */
export async function dismissSubscribePromptAction(formData: FormData): Promise<void> {
  (await cookies()).set(SUBSCRIBE_PROMPT_DISMISSED_COOKIE, SUBSCRIBE_PROMPT_DISMISSED_VALUE, {
    path: "/",
    sameSite: "lax",
    maxAge: SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS,
  });
  redirect(safeRedirectPath(formData.get("returnTo")));
}
