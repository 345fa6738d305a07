"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/flash";
import { followAuthor, followCategory, setPaperFollow, unfollowAuthor, unfollowCategory } from "@/lib/follows";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getViewer } from "@/lib/viewer";
import { signInHref } from "@/lib/urls";

const followFormSchema = z.object({
  kind: z.enum(["author", "category", "paper"]),
  key: z.string().min(1).max(300),
  follow: z.enum(["true", "false"]).transform((value) => value === "true"),
  returnTo: z.string().max(2000).optional(),
});

/**
 * Follow or unfollow an author, a category or a paper's discussion: a plain form, so it
 * works without JavaScript (and with it, as a server action); back to the page it came from.
 * lib/follows.ts checks who may change what.
 */
export async function followFormAction(formData: FormData) {
  const parsed = followFormSchema.safeParse({
    kind: formData.get("kind"),
    key: formData.get("key"),
    follow: formData.get("follow"),
    returnTo: formData.get("returnTo") ?? undefined,
  });
  if (!parsed.success) {
    await setFlash("Malformed follow request.");
    redirect("/");
  }
  const { kind, key, follow } = parsed.data;
  const returnTo = safeRedirectPath(parsed.data.returnTo, "/following");
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(returnTo));
  try {
    if (kind === "author") await (follow ? followAuthor(viewer, key) : unfollowAuthor(viewer, key));
    else if (kind === "category") await (follow ? followCategory(viewer, key) : unfollowCategory(viewer, key));
    else await setPaperFollow(viewer, key, follow);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
  }
  redirect(returnTo);
}
