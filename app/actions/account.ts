"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { deleteAccountSchema, deleteOwnAccount, removeSpammer, removeSpammerSchema } from "@/lib/account";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/flash";
import { getViewer } from "@/lib/viewer";
import { profileHref, signInHref } from "@/lib/urls";

/**
 * Leaving, and removing a spam account: plain form posts that work without JavaScript.
 * Who may do what is checked in lib/account.ts, inside the transaction; these only read the
 * form, say what went wrong on the page the form is on, and send the reader on.
 */

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/** Runs a lib call; an AppError becomes a flash message (and false), anything else is thrown. */
async function refusedAsFlash(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
    return false;
  }
}

export async function deleteAccountAction(formData: FormData) {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/settings"));
  const deleted = await refusedAsFlash(async () => {
    const parsed = deleteAccountSchema.safeParse({ login: String(formData.get("login") ?? "") });
    if (!parsed.success) throw new AppError(422, "Type your login to confirm.", { field: "login" });
    await deleteOwnAccount(viewer, parsed.data.login);
  });
  if (!deleted) redirect("/settings#delete-account");
  // The session row went with the account; the browser's cookie goes too.
  const jar = await cookies();
  for (const name of SESSION_COOKIES) jar.delete(name);
  redirect("/account-deleted");
}

export async function removeSpammerAction(formData: FormData) {
  const login = String(formData.get("login") ?? "");
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(profileHref(login)));
  let removed = "";
  const done = await refusedAsFlash(async () => {
    if (String(formData.get("confirm") ?? "").trim().toLowerCase() !== login.toLowerCase()) {
      throw new AppError(422, `Type ${login} to confirm the removal.`, { field: "confirm" });
    }
    const input = removeSpammerSchema.safeParse({ login, reason: String(formData.get("reason") ?? "") });
    if (!input.success) throw new AppError(400, `reason: ${input.error.issues[0]!.message}`, { field: "reason" });
    const result = await removeSpammer(viewer, input.data.login, input.data.reason);
    removed = `Removed ${result.login}: ${result.votes} vote(s) and ${result.comments} comment(s).`;
  });
  if (!done) redirect(profileHref(login));
  await setFlash(removed);
  redirect("/moderation");
}
