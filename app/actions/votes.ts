"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { castVote } from "@/lib/votes";
import { getViewer } from "@/lib/viewer";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { setFlash } from "@/lib/flash";
import { paperHref, signInHref } from "@/lib/urls";

const voteFormSchema = z.object({
  arxivId: z.string().min(1).max(64),
  returnTo: z.string().max(2000).optional(),
  upvoted: z.enum(["true", "false"]).transform((value) => value === "true"),
});

/**
 * The upvote form without JavaScript. Server actions check the Origin header themselves;
 * castVote checks the session, the ban and the rate limit in the data layer.
 */
export async function voteFormAction(formData: FormData) {
  const parsed = voteFormSchema.safeParse({
    arxivId: formData.get("arxivId"),
    upvoted: formData.get("upvoted"),
    returnTo: formData.get("returnTo") ?? undefined,
  });
  if (!parsed.success) {
    // A form no page of ours produces: a one-time message, not an error page.
    await setFlash("Malformed vote.");
    redirect("/");
  }
  const returnTo = safeRedirectPath(parsed.data.returnTo, paperHref(parsed.data.arxivId));
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(returnTo));
  try {
    await castVote(viewer, parsed.data.arxivId, parsed.data.upvoted);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
  }
  redirect(returnTo);
}
