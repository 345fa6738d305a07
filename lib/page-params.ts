import { z } from "zod";

/** `?page=` on listing pages: a missing or malformed value reads as the first page. */
export function pageNumber(raw: string | string[] | undefined): number {
  const parsed = z.coerce.number().int().min(1).max(10_000).safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : 1;
}
