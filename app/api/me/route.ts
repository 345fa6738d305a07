import { NextResponse } from "next/server";
import { assertSameOrigin, getApiCaller, handleApi, parseJsonBody } from "@/lib/http/api";
import type { Me } from "@/lib/http/api-schemas";
import { deleteAccountSchema, deleteOwnAccount } from "@/lib/identity/account";
import { availableSignIn } from "@/lib/identity/auth";
import { AppError } from "@/lib/errors";
import { countUnread } from "@/lib/reader/notifications";

/** GET /api/me: who is calling (session or token), for the site header and for scripts. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const me: Me = {
      viewer: viewer && { login: viewer.login, name: viewer.name, image: viewer.image, role: viewer.role },
      signIn: availableSignIn(),
      // The header's unread count rides on the request it already makes once per navigation:
      // one index-only count (notifications_unread_idx), no polling.
      unreadNotifications: viewer ? await countUnread(viewer.id) : 0,
    };
    return NextResponse.json(me, { headers: { "Cache-Control": "private, no-store" } });
  });
}

/**
 * DELETE /api/me with {"login"}: deletes the caller's account (lib/identity/account.ts). Only a
 * signed-in session with this site's Origin may: a personal API token is refused, because
 * deletion cannot be undone and a leaked token must never be able to erase its owner.
 */
export async function DELETE(request: Request) {
  return handleApi(async () => {
    const caller = await getApiCaller(request);
    if (caller.via === "token")
      throw new AppError(403, "An API token cannot delete an account: delete it on the settings page, signed in.");
    if (!caller.viewer) throw new AppError(401, "Sign in to delete your account.");
    assertSameOrigin(request);
    const { login } = await parseJsonBody(request, deleteAccountSchema);
    await deleteOwnAccount(caller.viewer, login);
    const response = new NextResponse(null, { status: 204 });
    // The session row is gone already; the cookie goes too.
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) response.cookies.delete(name);
    return response;
  });
}
