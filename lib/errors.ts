/**
 * Errors that carry their HTTP meaning, thrown by lib/ where a rule is broken and turned
 * into responses by route handlers (lib/api.ts) and into messages by server actions.
 */
export class AppError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 502 | 503,
    message: string,
    public readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = () => new AppError(401, "Sign in to do this.");
export const forbidden = (message = "You are not allowed to do this.") => new AppError(403, message);
export const notFound = (what = "Not found.") => new AppError(404, what);
