"use server";

import { z } from "zod";
import { followAuthor, followCategory, setPaperFollow, unfollowAuthor, unfollowCategory } from "@/lib/reader/follows";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { formAction, formFlag, formReturnTo } from "@/lib/http/server-action";

const followForm = z.object({
  kind: z.enum(["author", "category", "paper"]),
  key: z.string().min(1).max(300),
  follow: formFlag,
  returnTo: formReturnTo,
});

/**
 * Follow or unfollow an author, a category or a paper's discussion: a plain form, so it
 * works without JavaScript (and with it, as a server action); back to the page it came from.
 * lib/reader/follows.ts checks who may change what.
 */
export const followFormAction = formAction(
  { input: followForm, viewer: "required", page: (fields) => safeRedirectPath(fields.returnTo, "/following") },
  async ({ input: { kind, key, follow }, viewer }) => {
    if (kind === "author") await (follow ? followAuthor(viewer, key) : unfollowAuthor(viewer, key));
    else if (kind === "category") await (follow ? followCategory(viewer, key) : unfollowCategory(viewer, key));
    else await setPaperFollow(viewer, key, follow);
  },
);
