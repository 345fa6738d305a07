import { NextResponse } from "next/server";
import { getWritingViewer, handleApi, parseJsonBody } from "@/lib/http/api";
import { AppError } from "@/lib/errors";
import { countUnread, markNotificationsRead, markReadSchema } from "@/lib/reader/notifications";

/** POST /api/me/notifications/read with {"ids": [...]} or {"all": true}: marks the caller's own notifications read. */
export async function POST(request: Request) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    if (!viewer) throw new AppError(401, "Sign in or send an API token.");
    const input = await parseJsonBody(request, markReadSchema, 64 * 1024);
    const marked = await markNotificationsRead(viewer, input);
    return NextResponse.json({ marked, unreadCount: await countUnread(viewer.id) });
  });
}
