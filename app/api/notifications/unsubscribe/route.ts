import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { unsubscribeNotificationsByToken } from "@/lib/reader/notification-mail";

/**
 * RFC 8058 one-click unsubscribe of notification e-mail: mail clients POST
 * `List-Unsubscribe=One-Click` to the List-Unsubscribe URL; the signed token (user and kinds)
 * is the authorization, so no cookie and no Origin are needed.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const kinds = await unsubscribeNotificationsByToken(token);
    if (!kinds) throw new AppError(400, "token: this unsubscribe link is not valid", { field: "token" });
    return NextResponse.json({ status: "unsubscribed", kinds });
  });
}

/** A person who opens the URL gets the confirmation page: a GET never changes anything (link scanners follow them). */
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return NextResponse.redirect(
    `${getEnv().SITE_URL}/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
    303,
  );
}
