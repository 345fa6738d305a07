import { NextResponse } from "next/server";
import { assertSameOrigin, getApiCaller, handleApi, parseJsonBody } from "@/lib/http/api";
import { AppError } from "@/lib/errors";
import { createToken, listTokens, tokenNameSchema } from "@/lib/identity/tokens";

/** GET /api/tokens: the caller's active tokens (never the secrets). */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    if (!viewer) throw new AppError(401, "Sign in or send an API token.");
    return NextResponse.json({ tokens: await listTokens(viewer) });
  });
}

/**
 * POST /api/tokens with {"name"}: a new token, shown once. Only a signed-in session may
 * create one: a leaked token must not be able to mint others that outlive its revocation.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    const caller = await getApiCaller(request);
    if (caller.via === "token")
      throw new AppError(403, "An API token cannot create tokens: create them on the settings page.");
    if (!caller.viewer) throw new AppError(401, "Sign in to create API tokens.");
    assertSameOrigin(request);
    const { name } = await parseJsonBody(request, tokenNameSchema);
    const { token, info } = await createToken(caller.viewer, name);
    return NextResponse.json({ ...info, token }, { status: 201 });
  });
}
