import type { z } from "zod";

/**
 * Errors that carry their HTTP meaning, thrown by lib/ where a rule is broken and turned
 * into responses by route handlers (lib/http/api.ts) and into messages by server actions.
 */
export class AppError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503,
    message: string,
    public readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = () => new AppError(401, "Sign in to do this.");

/**
 * Validates input with a zod schema; a failure is a 400 that names the first offending
 * field (`body` or `query` when the whole input is wrong). Used for JSON bodies and query
 * strings alike.
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  whole: "body" | "query" = "body",
): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : whole;
  throw new AppError(400, `${field}: ${issue.message}`, { field });
}

/** Query-string parameters as a plain object; empty values count as absent. */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "") raw[key] = value;
  return raw;
}
