import { NextResponse } from "next/server";
import { getApiCaller, handleApi } from "@/lib/api";
import type { Me } from "@/lib/api-schemas";
import { availableSignIn } from "@/lib/auth";

/** GET /api/me: who is calling (session or token), for the site header and for scripts. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const me: Me = {
      viewer: viewer && { login: viewer.login, name: viewer.name, image: viewer.image, role: viewer.role },
      signIn: availableSignIn(),
    };
    return NextResponse.json(me, { headers: { "Cache-Control": "private, no-store" } });
  });
}
