import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { hasBearerSecret } from "@/lib/identity/bearer-secret";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { runJobsOnce } from "@/lib/server/jobs";

/**
 * For an external scheduler (a systemd timer, a Kubernetes CronJob, a platform's cron; see
 * docs/DEPLOY.md): runs every job that is due once and answers what each did. Any number of
 * callers at any frequency: a job running elsewhere answers "busy", one with nothing due
 * does nothing.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    const secret = getEnv().CRON_SECRET;
    if (!secret) throw new AppError(403, "The cron endpoint is disabled: set CRON_SECRET to enable it.");
    if (!hasBearerSecret(request, secret))
      throw new AppError(401, "A valid Authorization: Bearer <CRON_SECRET> header is required.");
    return NextResponse.json({ jobs: await runJobsOnce() });
  });
}

/**
 * The same, for Vercel Cron, which can only send GET (with the project's CRON_SECRET as the
 * bearer). The secret, not the method, is what keeps a crawler from running the jobs.
 */
export async function GET(request: Request) {
  return POST(request);
}
