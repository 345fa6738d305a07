"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signIn, signOut } from "@/lib/auth";
import { createDemoSession, DEV_SESSION_COOKIE } from "@/lib/demo-sign-in";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/flash";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { setModerator, signOutEverywhere } from "@/lib/users";
import { profileHref } from "@/lib/urls";
import { getViewer } from "@/lib/viewer";
import { setVoteWeightOverride } from "@/lib/votes";

export async function signInWithGitHub(formData: FormData) {
  await signIn("github", { redirectTo: safeRedirectPath(formData.get("redirectTo")) });
}

/**
 * The header menu's "Sign out": a form post, so it works without JavaScript too. Home
 * afterwards, rendered (header included) without the session; deleting the cookie also
 * empties the browser's router cache of pages rendered with it.
 */
export async function signOutAndGoHome() {
  await signOut({ redirect: false });
  redirect("/");
}

export async function signInAsDemoUser(formData: FormData) {
  const login = String(formData.get("login") ?? "");
  const { token, expires } = await createDemoSession(login);
  (await cookies()).set(DEV_SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/", expires });
  redirect(safeRedirectPath(formData.get("redirectTo")));
}

/**
 * Runs a staff action from a profile page. A refusal (not signed in, not staff, no such
 * user) is a one-time message on the profile, never an error page: lib/ decides who may act,
 * and anyone can post this form.
 */
async function staffActionOnProfile(formData: FormData, run: (login: string) => Promise<unknown>) {
  const login = String(formData.get("login") ?? "").slice(0, 100);
  const profilePath = profileHref(login);
  try {
    await run(login);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
  }
  revalidatePath(profilePath);
  redirect(profilePath);
}

export async function changeModerator(formData: FormData) {
  await staffActionOnProfile(formData, async (login) =>
    setModerator(await getViewer(), login, formData.get("moderator") === "true"),
  );
}

export async function changeVoteWeight(formData: FormData) {
  await staffActionOnProfile(formData, async (login) => {
    await setVoteWeightOverride(await getViewer(), login, formData.get("weight") === "0" ? 0 : null);
  });
}

/** The settings form: every session ends; API tokens too only when the box is ticked. */
export async function signOutEverywhereAction(formData: FormData) {
  const viewer = await getViewer();
  if (viewer) await signOutEverywhere(viewer, { revokeTokens: formData.get("revokeTokens") === "on" });
  redirect("/");
}
