import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export async function GET() {
  return NextResponse.json(buildOpenApiDocument(getEnv().SITE_URL));
}
