import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { AppError } from "@/lib/errors";
import { unsubscribeByToken } from "@/lib/mail/subscriptions";

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL
 * of the List-Unsubscribe header. The signed token is the authorization; no cookie, no
 * Origin (the request comes from a mail provider, not a browser page).
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    const token = new URL(request.url).searchParams.get("token") ?? "";
    if (!(await unsubscribeByToken(token)))
      throw new AppError(400, "token: this unsubscribe link is not valid", { field: "token" });
    return NextResponse.json({ status: "unsubscribed" });
  });
}
