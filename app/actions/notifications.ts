"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/flash";
import { markNotificationsRead, NOTIFICATION_KINDS, setMuted } from "@/lib/notifications";
import { EMAIL_MODES, setEmailPreferences, unsubscribeNotificationsByToken } from "@/lib/notification-mail";
import { getViewer } from "@/lib/viewer";
import { profileHref, signInHref } from "@/lib/urls";

/**
 * The inbox's, the profile's and the settings page's forms: server actions, so each works
 * without JavaScript; every rule is checked again in lib/ (a forged form changes only what
 * its signed-in sender may change).
 */

const notificationId = z.coerce.number().int().positive().max(2_147_483_647);

/** "Mark all read", or one notification with an `id` field. */
export async function markReadAction(formData: FormData) {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/notifications"));
  const id = formData.get("id");
  if (id === null) await markNotificationsRead(viewer, { all: true });
  else {
    const parsed = notificationId.safeParse(id);
    if (parsed.success) await markNotificationsRead(viewer, { ids: [parsed.data] });
  }
  revalidatePath("/notifications");
  redirect("/notifications");
}

const loginField = z.string().trim().min(1).max(100);

export async function muteAction(formData: FormData) {
  const login = loginField.safeParse(formData.get("login"));
  if (!login.success) return;
  const muted = formData.get("muted") === "true";
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(profileHref(login.data)));
  try {
    await setMuted(viewer, login.data, muted);
    await setFlash(muted ? `Muted @${login.data}: their comments no longer notify you.` : `Unmuted @${login.data}.`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
  }
  redirect(profileHref(login.data));
}

export async function saveEmailPreferencesAction(formData: FormData) {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/settings"));
  const input: Partial<Record<(typeof NOTIFICATION_KINDS)[number], (typeof EMAIL_MODES)[number]>> = {};
  for (const kind of NOTIFICATION_KINDS) {
    const mode = z.enum(EMAIL_MODES).safeParse(formData.get(`email-${kind}`));
    if (mode.success) input[kind] = mode.data;
  }
  await setEmailPreferences(viewer, input);
  await setFlash("Notification e-mail settings saved.");
  revalidatePath("/settings");
  redirect("/settings#notification-email");
}

/** The confirmation page of an unsubscribe link: true when the link was valid. */
export async function unsubscribeNotificationsAction(_state: boolean | null, formData: FormData): Promise<boolean> {
  return (await unsubscribeNotificationsByToken(String(formData.get("token") ?? ""))) !== null;
}
