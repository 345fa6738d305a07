import { NextResponse } from "next/server";
import { handleApi, parseJsonBody } from "@/lib/http/api";
import { clientIp } from "@/lib/http/request-ip";
import { requestSubscription, subscribeSchema } from "@/lib/mail/subscriptions";

/**
 * POST /api/subscriptions with {"email", "frequency"}: 202 whatever the address's state, so
 * that the answer reveals nothing about who subscribes. A confirmation mail follows.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    const input = await parseJsonBody(request, subscribeSchema);
    await requestSubscription(input, clientIp(request.headers));
    return NextResponse.json(
      { status: "accepted", message: "If the address can receive mail, a confirmation link is on its way." },
      { status: 202 },
    );
  });
}
