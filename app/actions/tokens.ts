"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createToken, revokeToken, tokenNameSchema } from "@/lib/tokens";
import { getViewer } from "@/lib/viewer";

export interface CreateTokenState {
  token: string | null;
  error: string | null;
}

export async function createTokenAction(_state: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const parsed = tokenNameSchema.safeParse({ name: String(formData.get("name") ?? "") });
  if (!parsed.success) return { token: null, error: `The name ${parsed.error.issues[0]!.message}.` };
  try {
    const { token } = await createToken(await getViewer(), parsed.data.name);
    revalidatePath("/settings");
    return { token, error: null };
  } catch (error) {
    if (error instanceof AppError) return { token: null, error: error.message };
    throw error;
  }
}

const tokenIdField = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * Revokes one of the viewer's tokens. An id that is not a token id (a forged form: "abc"
 * was a 500), another user's token or a signed-out caller change nothing and are no error
 * page: the settings page shows the tokens as they are.
 */
export async function revokeTokenAction(formData: FormData) {
  const id = tokenIdField.safeParse(formData.get("id"));
  if (id.success) {
    try {
      await revokeToken(await getViewer(), id.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  revalidatePath("/settings");
}
