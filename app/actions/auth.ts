"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { signIn, signOut } from "@/lib/identity/auth";
import { createDemoSession, DEV_SESSION_COOKIE } from "@/lib/identity/demo-sign-in";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { formAction, formReturnTo } from "@/lib/http/server-action";
import { signOutEverywhere } from "@/lib/identity/users";
import { signInHref } from "@/lib/http/urls";

/** Signing in and out. (Staff actions on profiles are in app/actions/moderation.ts.) */

const signInForm = z.object({ redirectTo: formReturnTo });
const signInPage = (fields: { redirectTo?: string }) => safeRedirectPath(fields.redirectTo);

export const signInWithGitHub = formAction(
  { input: signInForm, viewer: "optional", page: signInPage },
  async ({ input }) => {
    // Auth.js answers with a redirect to GitHub, which the wrapper lets through.
    await signIn("github", { redirectTo: safeRedirectPath(input.redirectTo) });
  },
);

/**
 * The header menu's "Sign out": a form post, so it works without JavaScript too. Home
 * afterwards, rendered (header included) without the session; deleting the cookie also
 * empties the browser's router cache of pages rendered with it.
 */
export const signOutAndGoHome = formAction({ input: z.object({}), viewer: "optional", page: "/" }, async () => {
  await signOut({ redirect: false });
});

/** The demo sign-in (development only, lib/identity/demo-sign-in.ts refuses it elsewhere). */
export const signInAsDemoUser = formAction(
  {
    input: signInForm.extend({ login: z.string().max(100) }),
    viewer: "optional",
    page: (fields) => signInHref(signInPage(fields)),
  },
  async ({ input }) => {
    const { token, expires } = await createDemoSession(input.login);
    (await cookies()).set(DEV_SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/", expires });
    return { redirectTo: safeRedirectPath(input.redirectTo) };
  },
);

/** The settings form: every session ends; API tokens too only when the box is ticked. */
export const signOutEverywhereAction = formAction(
  { input: z.object({ revokeTokens: z.literal("on").optional() }), viewer: "required", page: "/settings" },
  async ({ input, viewer }) => {
    await signOutEverywhere(viewer, { revokeTokens: input.revokeTokens === "on" });
    return { redirectTo: "/" };
  },
);
