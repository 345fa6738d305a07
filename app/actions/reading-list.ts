"use server";

import { z } from "zod";
import { markSavedRead, savePaper, setHideSeen, unsavePaper } from "@/lib/reader/reading-list";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { formAction, formFlag, formReturnTo, type FormFields } from "@/lib/http/server-action";

const arxivIdField = z.string().min(1).max(64);
const backTo = (fallback: string) => (fields: FormFields) => safeRedirectPath(fields.returnTo, fallback);

/** Save a paper for later, or remove it: the Save button on cards and paper pages (works without JavaScript). */
export const saveFormAction = formAction(
  {
    input: z.object({ arxivId: arxivIdField, saved: formFlag, returnTo: formReturnTo }),
    viewer: "required",
    page: backTo("/saved"),
  },
  async ({ input: { arxivId, saved }, viewer }) => {
    await (saved ? savePaper(viewer, arxivId) : unsavePaper(viewer, arxivId));
  },
);

/** Mark a saved paper read or unread (/saved). */
export const markReadFormAction = formAction(
  {
    input: z.object({ arxivId: arxivIdField, read: formFlag, returnTo: formReturnTo }),
    viewer: "required",
    page: backTo("/saved"),
  },
  async ({ input: { arxivId, read }, viewer }) => {
    await markSavedRead(viewer, arxivId, read);
  },
);

/** "Hide papers I have saved, voted or opened", on every feed. */
export const hideSeenFormAction = formAction(
  { input: z.object({ hideSeen: formFlag, returnTo: formReturnTo }), viewer: "required", page: backTo("/") },
  async ({ input, viewer }) => {
    await setHideSeen(viewer, input.hideSeen);
  },
);
