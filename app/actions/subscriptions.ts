"use server";

import { cookies, headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIp } from "@/lib/http/request-ip";
import {
  confirmSubscription,
  requestSubscription,
  setUserSubscription,
  subscribeSchema,
  unsubscribeByToken,
  type ConfirmResult,
} from "@/lib/mail/subscriptions";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { formAction, formReturnTo, formStateAction, type Refusal } from "@/lib/http/server-action";
import {
  SUBSCRIBE_PROMPT_DISMISSED_COOKIE,
  SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS,
  SUBSCRIBE_PROMPT_DISMISSED_VALUE,
} from "@/lib/mail/subscribe-prompt";

export interface SubscribeState {
  message: string | null;
  error: string | null;
  field?: string | null;
}

/** A refusal replaces whatever the box said before. */
const refused = (refusal: Refusal): SubscribeState => ({ message: null, ...refusal });

export const subscribeAction = formStateAction(
  {
    input: z.object(subscribeSchema.shape),
    viewer: "optional",
    page: "/",
    labels: { email: "The e-mail address", frequency: "The frequency" },
    refused,
  },
  async ({ input }): Promise<SubscribeState> => {
    await requestSubscription(input, clientIp(await headers()));
    return {
      message: "Check your inbox: follow the link in the e-mail we sent to confirm. Nothing else is sent until then.",
      error: null,
    };
  },
);

/** The signed-in reader's box and the settings page: their GitHub address, daily, weekly or none. */
export const subscribeSignedInAction = formStateAction(
  {
    input: z.object({ frequency: z.enum(["daily", "weekly", "none"]).default("daily") }),
    viewer: "optional",
    page: "/settings",
    labels: { frequency: "The frequency" },
    refused,
  },
  async ({ input: { frequency }, viewer }): Promise<SubscribeState> => {
    const result = await setUserSubscription(
      viewer,
      frequency === "none" ? null : frequency,
      clientIp(await headers()),
    );
    revalidatePath("/settings");
    if (result === "unsubscribed") return { message: "Unsubscribed.", error: null };
    if (result === "confirmation_sent") {
      return {
        message:
          "GitHub has not verified this address: check your inbox and follow the link in the e-mail we sent to confirm. Nothing else is sent until then.",
        error: null,
      };
    }
    return {
      message: `Subscribed: the ${frequency === "weekly" ? "weekly" : "daily"} digest goes to your GitHub e-mail.`,
      error: null,
    };
  },
);

const tokenForm = z.object({ token: z.string().max(2000).default("") });

export const confirmAction = formStateAction(
  {
    input: tokenForm,
    viewer: "optional",
    page: "/subscriptions/confirm",
    refused: (): ConfirmResult | null => "invalid",
  },
  async ({ input }): Promise<ConfirmResult | null> => confirmSubscription(input.token),
);

export const unsubscribeAction = formStateAction(
  { input: tokenForm, viewer: "optional", page: "/unsubscribe", refused: (): boolean | null => false },
  async ({ input }): Promise<boolean | null> => unsubscribeByToken(input.token),
);

/** The subscribe prompt's "Dismiss" without JavaScript: remembered by a cookie, then back to the page. */
export const dismissSubscribePromptAction = formAction(
  {
    input: z.object({ returnTo: formReturnTo }),
    viewer: "optional",
    page: (fields) => safeRedirectPath(fields.returnTo),
  },
  async () => {
    (await cookies()).set(SUBSCRIBE_PROMPT_DISMISSED_COOKIE, SUBSCRIBE_PROMPT_DISMISSED_VALUE, {
      path: "/",
      sameSite: "lax",
      maxAge: SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS,
    });
  },
);
