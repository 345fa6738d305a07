"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { deleteAccountSchema, deleteOwnAccount } from "@/lib/identity/account";
import { formAction } from "@/lib/http/server-action";
import { SESSION_COOKIES } from "@/lib/identity/session-cookies";

/**
 * Leaving: a plain form post that works without JavaScript. lib/identity/account.ts checks the
 * confirmation inside the transaction; a refusal is a message on the settings page. (A
 * moderator's spammer removal is in app/actions/moderation.ts.)
 */

export const deleteAccountAction = formAction(
  {
    input: z.object(deleteAccountSchema.shape),
    viewer: "required",
    page: "/settings#delete-account",
    labels: { login: "Your login" },
  },
  async ({ input, viewer }) => {
    await deleteOwnAccount(viewer, input.login);
    // The session row went with the account; the browser's cookie goes too.
    const jar = await cookies();
    for (const name of SESSION_COOKIES) jar.delete(name);
    return { redirectTo: "/account-deleted" };
  },
);
