"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction, formId, formStateAction } from "@/lib/http/server-action";
import { createToken, revokeToken, tokenNameSchema } from "@/lib/identity/tokens";

export interface CreateTokenState {
  token: string | null;
  error: string | null;
  field?: string | null;
}

export const createTokenAction = formStateAction(
  {
    input: z.object(tokenNameSchema.shape),
    viewer: "required",
    page: "/settings",
    labels: { name: "The name" },
    refused: (refusal): CreateTokenState => ({ token: null, ...refusal }),
  },
  async ({ input, viewer }): Promise<CreateTokenState> => {
    const { token } = await createToken(viewer, input.name);
    revalidatePath("/settings");
    return { token, error: null };
  },
);

/** Revokes one of the viewer's tokens; lib/identity/tokens.ts revokes only the caller's own. */
export const revokeTokenAction = formAction(
  { input: z.object({ id: formId }), viewer: "required", page: "/settings" },
  async ({ input, viewer }) => {
    await revokeToken(viewer, input.id);
    revalidatePath("/settings");
  },
);
