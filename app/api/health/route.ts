import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/server/health";

/** For load balancers and uptime checks: 200 when the app can reach its database. */
export async function GET() {
  const database = await checkDatabase();
  return NextResponse.json({ ok: database, database: database ? "up" : "down" }, { status: database ? 200 : 503 });
}
