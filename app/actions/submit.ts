"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formStateAction } from "@/lib/http/server-action";
import { submissionSchema, submitPaper } from "@/lib/intake/submissions";
import { paperHref } from "@/lib/http/urls";

export interface SubmitState {
  error: string | null;
  field: string | null;
}

export const submitPaperAction = formStateAction(
  {
    input: z.object(submissionSchema.shape),
    viewer: "required",
    page: "/submit",
    labels: { arxivId: "The arXiv id", codeUrl: "The code link", projectUrl: "The project page" },
  },
  async ({ input, viewer }): Promise<SubmitState> => {
    const { arxivId } = await submitPaper(viewer, input);
    redirect(paperHref(arxivId));
  },
);
