"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead, NOTIFICATION_KINDS, setMuted } from "@/lib/reader/notifications";
import {
  emailPreferencesSchema,
  setEmailPreferences,
  unsubscribeNotificationsByToken,
} from "@/lib/reader/notification-mail";
import { formAction, formFlag, formId, formLogin, formStateAction } from "@/lib/http/server-action";
import { profileHref } from "@/lib/http/urls";

/**
 * The inbox's, the profile's and the settings page's forms: server actions, so each works
 * without JavaScript; every rule is checked again in lib/ (a forged form changes only what
 * its signed-in sender may change).
 */

/** "Mark all read", or one notification with an `id` field. */
export const markReadAction = formAction(
  { input: z.object({ id: formId.optional() }), viewer: "required", page: "/notifications" },
  async ({ input, viewer }) => {
    await markNotificationsRead(viewer, input.id === undefined ? { all: true } : { ids: [input.id] });
    revalidatePath("/notifications");
  },
);

export const muteAction = formAction(
  {
    input: z.object({ login: formLogin, muted: formFlag }),
    viewer: "required",
    page: (fields) => profileHref((fields.login ?? "").trim()),
  },
  async ({ input: { login, muted }, viewer }) => {
    await setMuted(viewer, login, muted);
    return { flash: muted ? `Muted @${login}: their comments no longer notify you.` : `Unmuted @${login}.` };
  },
);

/** The settings table posts one `email-{kind}` select per kind: lib's own schema, field by field. */
const emailPreferencesForm = z
  .object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [`email-${kind}`, emailPreferencesSchema.shape[kind]])))
  .transform(
    (form) =>
      Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, form[`email-${kind}`]])) as z.output<
        typeof emailPreferencesSchema
      >,
  );

export const saveEmailPreferencesAction = formAction(
  { input: emailPreferencesForm, viewer: "required", page: "/settings#notification-email" },
  async ({ input, viewer }) => {
    await setEmailPreferences(viewer, input);
    revalidatePath("/settings");
    return { flash: "Notification e-mail settings saved." };
  },
);

/** The confirmation page of an unsubscribe link: true when the link was valid. */
export const unsubscribeNotificationsAction = formStateAction(
  {
    input: z.object({ token: z.string().max(2000).default("") }),
    viewer: "optional",
    page: "/notifications/unsubscribe",
    refused: (): boolean | null => false,
  },
  async ({ input }): Promise<boolean | null> => (await unsubscribeNotificationsByToken(input.token)) !== null,
);
