import { NextResponse } from "next/server";
import { getApiCaller, handleApi } from "@/lib/http/api";
import { parseOrThrow, queryObject } from "@/lib/errors";
import { listNotifications, notificationListQuerySchema, notificationToJson } from "@/lib/reader/notifications";

/** GET /api/me/notifications?limit&offset&unread: the caller's inbox, newest first, with the unread count. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    const query = parseOrThrow(notificationListQuerySchema, queryObject(new URL(request.url).searchParams), "query");
    const page = await listNotifications(viewer, query);
    return NextResponse.json(
      { items: page.items.map(notificationToJson), unreadCount: page.unreadCount, nextOffset: page.nextOffset },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  });
}
