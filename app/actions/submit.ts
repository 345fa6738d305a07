"use server";

import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { submissionSchema, submitPaper } from "@/lib/submissions";
import { getViewer } from "@/lib/viewer";
import { paperHref, signInHref } from "@/lib/urls";

export interface SubmitState {
  error: string | null;
  field: string | null;
}

export async function submitPaperAction(_state: SubmitState, formData: FormData): Promise<SubmitState> {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/submit"));
  const parsed = submissionSchema.safeParse({
    arxivId: String(formData.get("arxivId") ?? ""),
    codeUrl: String(formData.get("codeUrl") ?? ""),
    projectUrl: String(formData.get("projectUrl") ?? ""),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "arxivId");
    const label = { arxivId: "The arXiv id", codeUrl: "The code link", projectUrl: "The project page" }[field] ?? field;
    return { error: `${label} ${issue.message}.`, field };
  }
  let arxivId: string;
  try {
    arxivId = (await submitPaper(viewer, parsed.data)).arxivId;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, field: error.details.field ?? null };
    throw error;
  }
  redirect(paperHref(arxivId));
}
