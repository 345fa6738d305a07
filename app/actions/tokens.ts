"use server";

import { revalidatePath } from "next/cache";
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

export async function revokeTokenAction(formData: FormData) {
  await revokeToken(await getViewer(), Number(formData.get("id")));
  revalidatePath("/settings");
}
