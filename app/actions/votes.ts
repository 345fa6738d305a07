"use server";

import { z } from "zod";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { formAction, formFlag, formReturnTo } from "@/lib/http/server-action";
import { castVote } from "@/lib/ranking/votes";
import { paperHref } from "@/lib/http/urls";

const voteForm = z.object({
  arxivId: z.string().min(1).max(64),
  returnTo: formReturnTo,
  upvoted: formFlag,
});

/**
 * The upvote form without JavaScript. Server actions check the Origin header themselves;
 * castVote checks the session, the ban and the rate limit in the data layer.
 */
export const voteFormAction = formAction(
  {
    input: voteForm,
    viewer: "required",
    page: (fields) => safeRedirectPath(fields.returnTo, paperHref(fields.arxivId ?? "")),
  },
  async ({ input, viewer }) => {
    await castVote(viewer, input.arxivId, input.upvoted);
  },
);
