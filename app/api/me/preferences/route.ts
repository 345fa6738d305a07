import { NextResponse } from "next/server";
import { getApiCaller, getWritingViewer, handleApi, parseJsonBody } from "@/lib/http/api";
import { unauthorized } from "@/lib/errors";
import { getHideSeen, preferencesSchema, setHideSeen } from "@/lib/reader/reading-list";

/** GET/PUT /api/me/preferences: the reader's {"hideSeen"} preference. */
export async function GET(request: Request) {
  return handleApi(async () => {
    const { viewer } = await getApiCaller(request);
    if (!viewer) throw unauthorized();
    return NextResponse.json(
      { hideSeen: await getHideSeen(viewer.id) },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  });
}

export async function PUT(request: Request) {
  return handleApi(async () => {
    const viewer = await getWritingViewer(request);
    if (!viewer) throw unauthorized();
    const { hideSeen } = await parseJsonBody(request, preferencesSchema, 1024);
    return NextResponse.json(await setHideSeen(viewer, hideSeen));
  });
}
