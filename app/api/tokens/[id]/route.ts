import { getWritingViewer, handleApi } from "@/lib/http/api";
import { AppError } from "@/lib/errors";
import { revokeToken } from "@/lib/identity/tokens";

/** DELETE /api/tokens/{id}: revokes one of the caller's tokens at once. */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const raw = (await context.params).id;
    if (!/^[1-9]\d{0,9}$/.test(raw)) throw new AppError(404, "No such token.");
    await revokeToken(await getWritingViewer(request), Number(raw));
    return new Response(null, { status: 204 });
  });
}
