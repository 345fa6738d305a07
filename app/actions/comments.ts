"use server";

import { redirect } from "next/navigation";
import { commentHref, paperHref, profileHref, signInHref } from "@/lib/urls";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  createComment,
  deleteComment,
  dismissReports,
  editComment,
  editCommentSchema,
  newCommentSchema,
  previewComment,
  reportComment,
  reportSchema,
  setCommentHidden,
  setUserBanned,
  voteOnComment,
} from "@/lib/comments";
import { setFlash } from "@/lib/flash";
import { parseArxivId } from "@/lib/arxiv-id";
import { getViewer } from "@/lib/viewer";

/**
 * The discussion's forms. They work without JavaScript (plain form posts); with it, the
 * comment form keeps its text when the server says no. Authorization, rate limits and bans
 * are checked in lib/comments.ts; server actions check the Origin header themselves.
 */

export interface CommentFormState {
  error: string | null;
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

const idField = z.coerce.number().int().positive();

/**
 * A form no page of ours produces (a forged or truncated post): a one-time message and back
 * to a page, not an error page. Anyone can post to a server action.
 */
async function refuseMalformedForm(path: string): Promise<never> {
  await setFlash("Malformed form.");
  redirect(path);
}

async function paperPath(formData: FormData): Promise<string> {
  const arxivId = parseArxivId(String(formData.get("arxivId") ?? ""))?.id;
  if (!arxivId) return refuseMalformedForm("/");
  return paperHref(arxivId);
}

async function signedInOrRedirect(path: string) {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(path));
  return viewer;
}

function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  throw error;
}

export async function postCommentAction(state: CommentFormState, formData: FormData): Promise<CommentFormState> {
  const path = await paperPath(formData);
  const viewer = await signedInOrRedirect(path);
  const rawBody = String(formData.get("body") ?? "");
  const refuse = (error: string): CommentFormState => ({ error, saved: state.saved, body: rawBody });
  if (formData.get("intent") === "preview") {
    const parsed = editCommentSchema.safeParse({ body: rawBody });
    if (!parsed.success) return refuse(`Your comment ${parsed.error.issues[0]!.message}.`);
    try {
      return { error: null, saved: state.saved, body: rawBody, previewHtml: await previewComment(viewer, parsed.data) };
    } catch (error) {
      return refuse(messageOf(error));
    }
  }
  const parentRaw = formData.get("parentId");
  const parsed = newCommentSchema.safeParse({
    body: rawBody,
    parentId: parentRaw ? Number(parentRaw) : null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(`Your comment ${issue.message}.`);
  }
  let created: { id: number };
  try {
    created = await createComment(viewer, path.slice("/papers/".length), parsed.data);
  } catch (error) {
    return refuse(messageOf(error));
  }
  revalidatePath(path);
  // Without JavaScript the browser loads the page at the new comment's anchor; with it, the
  // form clears and moves focus there itself (components/comment-form.tsx).
  if (formData.get("js") !== "1") redirect(commentHref(path.slice("/papers/".length), created.id));
  return { error: null, saved: state.saved + 1, savedId: created.id };
}

/** The live preview while typing: the same rendering and budgets as a post, nothing stored. */
export async function previewCommentAction(body: string): Promise<{ html: string | null; error: string | null }> {
  const viewer = await getViewer();
  const parsed = editCommentSchema.safeParse({ body: typeof body === "string" ? body : "" });
  if (!parsed.success) return { html: null, error: `Your comment ${parsed.error.issues[0]!.message}.` };
  try {
    return { html: await previewComment(viewer, parsed.data), error: null };
  } catch (error) {
    return { html: null, error: messageOf(error) };
  }
}

export async function editCommentAction(state: CommentFormState, formData: FormData): Promise<CommentFormState> {
  const path = await paperPath(formData);
  const viewer = await signedInOrRedirect(path);
  const id = idField.safeParse(formData.get("commentId"));
  const parsed = editCommentSchema.safeParse({ body: formData.get("body") ?? "" });
  const rawBody = String(formData.get("body") ?? "");
  if (!id.success) return { error: "Malformed form.", saved: state.saved, body: rawBody };
  if (!parsed.success) return { error: `Your comment ${parsed.error.issues[0]!.message}.`, saved: state.saved, body: rawBody };
  try {
    await editComment(viewer, id.data, parsed.data);
  } catch (error) {
    return { error: messageOf(error), saved: state.saved, body: rawBody };
  }
  revalidatePath(path);
  return { error: null, saved: state.saved + 1 };
}

/** The small one-click forms: on refusal, a flash message on the page they came from. */
async function runAndReturn(formData: FormData, run: (viewer: Awaited<ReturnType<typeof getViewer>>, id: number) => Promise<unknown>) {
  const path = await paperPath(formData);
  const viewer = await signedInOrRedirect(path);
  const id = idField.safeParse(formData.get("commentId"));
  if (!id.success) return refuseMalformedForm(path);
  try {
    await run(viewer, id.data);
  } catch (error) {
    await setFlash(messageOf(error));
  }
  revalidatePath(path);
  redirect(commentHref(path.slice("/papers/".length), id.data));
}

export async function deleteCommentAction(formData: FormData) {
  await runAndReturn(formData, (viewer, id) => deleteComment(viewer, id));
}

export async function voteCommentAction(formData: FormData) {
  await runAndReturn(formData, (viewer, id) => voteOnComment(viewer, id, formData.get("upvoted") === "true"));
}

export async function reportCommentAction(formData: FormData) {
  await runAndReturn(formData, async (viewer, id) => {
    // Cut rather than refused: a long reason is still a report (the schema caps it at 500).
    const { reason } = reportSchema.parse({ reason: String(formData.get("reason") ?? "").trim().slice(0, 500) || "no reason given" });
    await reportComment(viewer, id, reason);
    await setFlash("Thank you: the moderators will look at this comment.");
  });
}

export async function hideCommentAction(formData: FormData) {
  await runAndReturn(formData, (viewer, id) =>
    setCommentHidden(viewer, id, formData.get("hidden") === "true", String(formData.get("reason") ?? "").slice(0, 500)),
  );
}

export async function dismissReportsAction(formData: FormData) {
  const viewer = await signedInOrRedirect("/moderation/reports");
  const id = idField.safeParse(formData.get("commentId"));
  try {
    if (!id.success) throw new AppError(400, "Malformed form.");
    if (formData.get("decision") === "hide") await setCommentHidden(viewer, id.data, true, String(formData.get("reason") ?? "").slice(0, 500));
    else await dismissReports(viewer, id.data, String(formData.get("reason") ?? "").slice(0, 500));
  } catch (error) {
    await setFlash(messageOf(error));
  }
  revalidatePath("/moderation", "layout");
  redirect("/moderation/reports");
}

export async function banUserAction(formData: FormData) {
  const login = String(formData.get("login") ?? "").slice(0, 100);
  const profilePath = profileHref(login);
  const viewer = await signedInOrRedirect(profilePath);
  try {
    await setUserBanned(viewer, login, formData.get("banned") === "true", String(formData.get("reason") ?? "").slice(0, 500));
  } catch (error) {
    await setFlash(messageOf(error));
  }
  revalidatePath(profilePath);
  redirect(profilePath);
}
