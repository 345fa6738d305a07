import { NextResponse } from "next/server";
import { handleApi } from "@/lib/http/api";
import { requireCronSecret } from "@/lib/http/cron-secret";
import { runJobsOnce } from "@/lib/server/jobs";

/**
 * For an external scheduler (a systemd timer, a Kubernetes CronJob, a platform's cron; see
 * docs/DEPLOY.md): runs every job that is due once and answers what each did. Any number of
 * callers at any frequency: a job running elsewhere answers "busy", one with nothing due
 * does nothing.
 */
export async function POST(request: Request) {
  return handleApi(async () => {
    requireCronSecret(request);
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
