import { AppError } from "@/lib/errors";

/** A comment id from a URL: a positive integer, else the comment does not exist (404). */
export function parseCommentId(raw: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) throw new AppError(404, "No such comment.");
  return Number(raw);
}
