"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  createComment,
  deleteComment,
  editComment,
  editCommentSchema,
  newCommentSchema,
  previewComment,
  reportComment,
  reportSchema,
  voteOnComment,
} from "@/lib/discussion/comments";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import {
  formAction,
  formArxivId,
  formFlag,
  formId,
  formStateAction,
  formText,
  type FormFields,
  type Refusal,
} from "@/lib/http/server-action";
import { commentHref, paperHref } from "@/lib/http/urls";

/**
 * The discussion's forms. They work without JavaScript (plain form posts); with it, the
 * comment form keeps its text when the server says no. Authorization, rate limits and bans
 * are checked in lib/discussion/comments.ts; server actions check the Origin header themselves. The
 * moderators' forms are in app/actions/moderation.ts.
 */

export interface CommentFormState {
  error: string | null;
  field?: string | null;
  /** Increments on each success, so the form knows to clear itself. */
  saved: number;
  /**
   * The text as sent, given back with a refusal or a preview: without JavaScript the page is
   * rendered again from this state, and the form must show what the reader wrote.
   */
  body?: string;
  /** The rendered preview (the "Preview" button), sanitized HTML as stored comments are. */
  previewHtml?: string;
  /** The comment just posted: the form moves focus and scroll to it. */
  savedId?: number;
}

/** The paper page the form is on (home when the form names no paper). */
function paperPage(fields: FormFields): string {
  const arxivId = parseArxivId(fields.arxivId ?? "")?.id;
  return arxivId ? paperHref(arxivId) : "/";
}

/** A one-click form on a comment goes back to that comment. */
function commentPage(fields: FormFields): string {
  const commentId = formId.safeParse(fields.commentId);
  const arxivId = parseArxivId(fields.arxivId ?? "")?.id;
  return arxivId && commentId.success ? commentHref(arxivId, commentId.data) : paperPage(fields);
}

const LABELS = { body: "Your comment" };

/** A refusal keeps the text as it was sent. */
const keepText = (refusal: Refusal, state: CommentFormState, fields: FormFields): CommentFormState => ({
  ...refusal,
  saved: state.saved,
  body: fields.body ?? "",
});

const postForm = z.object({
  arxivId: formArxivId,
  body: newCommentSchema.shape.body,
  parentId: z.union([z.literal("").transform(() => null), formId]).optional(),
  intent: z.enum(["post", "preview"]).default("post"),
  /** "1" when the page's JavaScript sent the form: it clears the form itself, no redirect. */
  js: z.string().optional(),
});

export const postCommentAction = formStateAction(
  { input: postForm, viewer: "required", page: paperPage, labels: LABELS, refused: keepText },
  async ({ input, viewer, state, fields }): Promise<CommentFormState> => {
    if (input.intent === "preview") {
      return {
        error: null,
        saved: state.saved,
        body: fields.body ?? "",
        previewHtml: await previewComment(viewer, { body: input.body }),
      };
    }
    const created = await createComment(viewer, input.arxivId, { body: input.body, parentId: input.parentId ?? null });
    revalidatePath(paperHref(input.arxivId));
    // Without JavaScript the browser loads the page at the new comment's anchor; with it, the
    // form clears and moves focus there itself (components/comment-form.tsx).
    if (input.js !== "1") redirect(commentHref(input.arxivId, created.id));
    return { error: null, saved: state.saved + 1, savedId: created.id };
  },
);

const previewForm = z.object({ body: editCommentSchema.shape.body });

const previewOfForm = formStateAction(
  {
    input: previewForm,
    viewer: "optional",
    page: "/",
    labels: LABELS,
    refused: (refusal): { html: string | null; error: string | null } => ({ html: null, error: refusal.error }),
  },
  async ({ input, viewer }) => ({ html: await previewComment(viewer, input), error: null }),
);

/** The live preview while typing: the same rendering and budgets as a post, nothing stored. */
export async function previewCommentAction(body: string): Promise<{ html: string | null; error: string | null }> {
  const form = new FormData();
  form.set("body", typeof body === "string" ? body : "");
  return previewOfForm({ html: null, error: null }, form);
}

export const editCommentAction = formStateAction(
  {
    input: z.object({ arxivId: formArxivId, commentId: formId, body: editCommentSchema.shape.body }),
    viewer: "required",
    page: paperPage,
    labels: LABELS,
    refused: keepText,
  },
  async ({ input, viewer, state }): Promise<CommentFormState> => {
    await editComment(viewer, input.commentId, { body: input.body });
    revalidatePath(paperHref(input.arxivId));
    return { error: null, saved: state.saved + 1 };
  },
);

// The small one-click forms: back to the comment, with a one-time message on refusal.

const onComment = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object({ arxivId: formArxivId, commentId: formId, ...shape });

export const deleteCommentAction = formAction(
  { input: onComment({}), viewer: "required", page: commentPage },
  async ({ input, viewer }) => {
    await deleteComment(viewer, input.commentId);
    revalidatePath(paperHref(input.arxivId));
  },
);

export const voteCommentAction = formAction(
  { input: onComment({ upvoted: formFlag }), viewer: "required", page: commentPage },
  async ({ input, viewer }) => {
    await voteOnComment(viewer, input.commentId, input.upvoted);
    revalidatePath(paperHref(input.arxivId));
  },
);

export const reportCommentAction = formAction(
  // Cut rather than refused: a long reason is still a report (the schema caps it at 500).
  { input: onComment({ reason: formText(500) }), viewer: "required", page: commentPage },
  async ({ input, viewer }) => {
    const { reason } = reportSchema.parse({ reason: input.reason.trim() || "no reason given" });
    await reportComment(viewer, input.commentId, reason);
    return { flash: "Thank you: the moderators will look at this comment." };
  },
);
