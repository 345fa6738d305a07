"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import {
  removeSpammer,
  removeSpammerSchema,
  setCommentHidden,
  dismissReports,
  setModerator,
  setUserBanned,
  setVoteWeightOverride,
} from "@/lib/moderation/moderation";
import {
  formAction,
  formArxivId,
  formFlag,
  formId,
  formLogin,
  formText,
  type FormFields,
} from "@/lib/http/server-action";
import { commentHref, paperHref, profileHref } from "@/lib/http/urls";

/**
 * Every moderator and administrator form: on a comment, in the reports queue, on a profile.
 * Anyone can post these; lib/moderation/moderation.ts decides who may act, and a refusal is a one-time
 * message on the page the form is on, never an error page.
 */

const profilePage = (fields: FormFields) => profileHref((fields.login ?? "").slice(0, 100));

function commentPage(fields: FormFields): string {
  const arxivId = parseArxivId(fields.arxivId ?? "")?.id;
  const commentId = formId.safeParse(fields.commentId);
  if (!arxivId) return "/";
  return commentId.success ? commentHref(arxivId, commentId.data) : paperHref(arxivId);
}

/** "Remove" and "Restore" on a comment in its thread. */
export const hideCommentAction = formAction(
  {
    input: z.object({ arxivId: formArxivId, commentId: formId, hidden: formFlag, reason: formText(500) }),
    viewer: "required",
    page: commentPage,
  },
  async ({ input, viewer }) => {
    await setCommentHidden(viewer, input.commentId, input.hidden, input.reason);
    revalidatePath(paperHref(input.arxivId));
  },
);

/** The reports queue: remove the comment, or dismiss its reports. */
export const dismissReportsAction = formAction(
  {
    input: z.object({
      commentId: formId,
      decision: z.enum(["hide", "dismiss"]).default("dismiss"),
      reason: formText(500),
    }),
    viewer: "required",
    page: "/moderation/reports",
  },
  async ({ input, viewer }) => {
    if (input.decision === "hide") await setCommentHidden(viewer, input.commentId, true, input.reason);
    else await dismissReports(viewer, input.commentId, input.reason);
    revalidatePath("/moderation", "layout");
  },
);

export const banUserAction = formAction(
  {
    input: z.object({ login: formLogin, banned: formFlag, reason: formText(500) }),
    viewer: "required",
    page: profilePage,
  },
  async ({ input, viewer, fields }) => {
    await setUserBanned(viewer, input.login, input.banned, input.reason);
    revalidatePath(profilePage(fields));
  },
);

export const changeModerator = formAction(
  { input: z.object({ login: formLogin, moderator: formFlag }), viewer: "required", page: profilePage },
  async ({ input, viewer, fields }) => {
    await setModerator(viewer, input.login, input.moderator);
    revalidatePath(profilePage(fields));
  },
);

/** "Set vote weight to 0 (vote ring)", or "" to restore the computed weight. */
export const changeVoteWeight = formAction(
  {
    input: z.object({ login: formLogin, weight: z.enum(["0", ""]).default("") }),
    viewer: "required",
    page: profilePage,
  },
  async ({ input, viewer, fields }) => {
    await setVoteWeightOverride(viewer, input.login, input.weight === "0" ? 0 : null);
    revalidatePath(profilePage(fields));
  },
);

/** "Remove as spammer…", confirmed by typing the login. */
export const removeSpammerAction = formAction(
  {
    input: z.object({ ...removeSpammerSchema.shape, confirm: z.string().default("") }).superRefine((form, context) => {
      if (form.confirm.trim().toLowerCase() !== form.login.toLowerCase()) {
        context.addIssue({ code: "custom", path: ["confirm"], message: `must be ${form.login}` });
      }
    }),
    viewer: "required",
    page: profilePage,
    labels: { confirm: "The confirmation", reason: "The reason" },
  },
  async ({ input, viewer }) => {
    const result = await removeSpammer(viewer, input.login, input.reason);
    return {
      flash: `Removed ${result.login}: ${result.votes} vote(s) and ${result.comments} comment(s).`,
      redirectTo: "/moderation",
    };
  },
);
