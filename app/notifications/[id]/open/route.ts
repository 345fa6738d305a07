import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { openNotification } from "@/lib/reader/notifications";
import { getViewer } from "@/lib/identity/viewer";
import { notificationOpenHref, signInHref } from "@/lib/http/urls";

/**
 * GET /notifications/{id}/open: marks the notification read and sends the reader to what it
 * is about (the exact comment or the paper): a plain link, so it works without JavaScript
 * and from an e-mail. Signed out, the sign-in page brings the reader back here.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const site = getEnv().SITE_URL;
  const viewer = await getViewer();
  if (!viewer) return NextResponse.redirect(site + signInHref(notificationOpenHref(id)), 303);
  const numeric = /^\d{1,9}$/.test(id) ? Number(id) : null;
  try {
    if (numeric === null) throw new AppError(404, "No such notification.");
    return NextResponse.redirect(`${site}${await openNotification(viewer, numeric)}`, 303);
  } catch (error) {
    // Another reader's notification answers exactly as one that does not exist.
    if (error instanceof AppError && error.status === 404)
      return new NextResponse("No such notification.", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw error;
  }
}
