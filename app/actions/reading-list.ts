"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/flash";
import { markSavedRead, savePaper, setHideSeen, unsavePaper } from "@/lib/reading-list";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getViewer } from "@/lib/viewer";
import { signInHref } from "@/lib/urls";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

const saveFormSchema = z.object({
  arxivId: z.string().min(1).max(64),
  saved: flag,
  returnTo: z.string().max(2000).optional(),
});

const readFormSchema = z.object({ arxivId: z.string().min(1).max(64), read: flag, returnTo: z.string().max(2000).optional() });
const hideSeenFormSchema = z.object({ hideSeen: flag, returnTo: z.string().max(2000).optional() });

async function run(returnTo: string, change: (viewer: NonNullable<Awaited<ReturnType<typeof getViewer>>>) => Promise<unknown>): Promise<never> {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(returnTo));
  try {
    await change(viewer);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash(error.message);
  }
  redirect(returnTo);
}

/** Save a paper for later, or remove it: the Save button on cards and paper pages (works without JavaScript). */
export async function saveFormAction(formData: FormData) {
  const parsed = saveFormSchema.safeParse({ arxivId: formData.get("arxivId"), saved: formData.get("saved"), returnTo: formData.get("returnTo") ?? undefined });
  if (!parsed.success) {
    await setFlash("Malformed save request.");
    redirect("/");
  }
  const { arxivId, saved } = parsed.data;
  await run(safeRedirectPath(parsed.data.returnTo, "/saved"), (viewer) => (saved ? savePaper(viewer, arxivId) : unsavePaper(viewer, arxivId)));
}

/** Mark a saved paper read or unread (/saved). */
export async function markReadFormAction(formData: FormData) {
  const parsed = readFormSchema.safeParse({ arxivId: formData.get("arxivId"), read: formData.get("read"), returnTo: formData.get("returnTo") ?? undefined });
  if (!parsed.success) {
    await setFlash("Malformed request.");
    redirect("/saved");
  }
  const { arxivId, read } = parsed.data;
  await run(safeRedirectPath(parsed.data.returnTo, "/saved"), (viewer) => markSavedRead(viewer, arxivId, read));
}

/** "Hide papers I have saved, voted or opened", on every feed. */
export async function hideSeenFormAction(formData: FormData) {
  const parsed = hideSeenFormSchema.safeParse({ hideSeen: formData.get("hideSeen"), returnTo: formData.get("returnTo") ?? undefined });
  if (!parsed.success) {
    await setFlash("Malformed request.");
    redirect("/");
  }
  const { hideSeen } = parsed.data;
  await run(safeRedirectPath(parsed.data.returnTo, "/"), (viewer) => setHideSeen(viewer, hideSeen));
}
