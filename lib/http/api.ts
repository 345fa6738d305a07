import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, parseOrThrow } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { MAX_COMMENT_LENGTH } from "@/lib/discussion/comments";
import { assertCanWrite } from "@/lib/moderation/moderation";
import { getViewer, type Viewer } from "@/lib/identity/viewer";
import { authenticateToken } from "@/lib/identity/tokens";
import { logger } from "@/lib/server/logger";

/**
 * The JSON API's conventions, shared by every route handler: errors are
 * `{"error": message, "field"?: name}` with the right status, 429s carry Retry-After, and
 * cookie-authenticated writes must come from our own origin.
 */

export function jsonError(status: number, message: string, extra: { field?: string; retryAfterSeconds?: number } = {}) {
  const headers: Record<string, string> = {};
  if (extra.retryAfterSeconds !== undefined) headers["Retry-After"] = String(extra.retryAfterSeconds);
  return NextResponse.json({ error: message, ...(extra.field ? { field: extra.field } : {}) }, { status, headers });
}

/** Runs a handler and turns thrown AppErrors into their responses; anything else is a 500. */
export async function handleApi(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof AppError) return jsonError(error.status, error.message, error.details);
    logger.error({ err: error }, "unexpected error in an API route");
    return jsonError(500, "Internal error. Please try again.");
  }
}

/**
 * The most a route reads of a request body, in bytes. A vote is `{"upvoted":true}`; a
 * comment is at most MAX_COMMENT_LENGTH characters, which JSON may spell as six bytes each
 * (`\u00e9`), plus room for the other fields; anything else gets a megabyte.
 */
export const BODY_LIMITS = {
  vote: 1024,
  comment: MAX_COMMENT_LENGTH * 6 + 4096,
  default: 1024 * 1024,
} as const;

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;
}

function tooLarge(limit: number): AppError {
  return new AppError(413, `The request body is too large: at most ${describeBytes(limit)} here.`, { field: "body" });
}

/**
 * Reads a request body up to `limit` bytes: a Content-Length over it is refused before
 * anything is read, and the stream is read chunk by chunk and cancelled as soon as it passes
 * the limit, so that nothing much beyond it is ever held in memory.
 */
export async function readBodyCapped(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Parses a JSON body with a schema, reading at most `limit` bytes (413 past it); invalid
 * UTF-8 or JSON is a 400 on `body`, a bad field a 400 naming it. Call it after
 * authenticating the caller, so that an anonymous request is refused unread.
 */
export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  limit: number = BODY_LIMITS.default,
): Promise<z.infer<T>> {
  const bytes = await readBodyCapped(request, limit);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError(400, "The request body must be JSON (UTF-8).", { field: "body" });
  }
  return parseOrThrow(schema, body);
}

/** The caller of a write that needs one: a 401 before anything else (the body is not read). */
export async function requireWritingViewer(request: Request): Promise<Viewer> {
  const viewer = await getWritingViewer(request);
  assertCanWrite(viewer);
  return viewer;
}

function allowedOrigins(): Set<string> {
  const env = getEnv();
  const origins = new Set([new URL(env.SITE_URL).origin]);
  if (env.AUTH_URL) origins.add(new URL(env.AUTH_URL).origin);
  return origins;
}

/**
 * Route handlers have no CSRF protection of their own. Browsers send Origin with every
 * cross-site and same-site non-GET request, so a cookie-authenticated write without our
 * Origin (foreign, "null", or missing) is refused.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null" || !allowedOrigins().has(origin)) {
    throw new AppError(403, "Cross-origin request refused: writes with a session cookie must come from this site.");
  }
}

export interface ApiCaller {
  viewer: Viewer | null;
  /** How the caller proved who they are. */
  via: "token" | "session" | null;
}

/**
 * Who calls: a personal API token (`Authorization: Bearer pb_…`) when one is sent (an
 * invalid or revoked one is a 401, never a silent fallback to anonymous), else the session.
 */
export async function getApiCaller(request: Request): Promise<ApiCaller> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const viewer = match ? await authenticateToken(match[1]!) : null;
    if (!viewer) throw new AppError(401, "Invalid or revoked API token.");
    return { viewer, via: "token" };
  }
  const viewer = await getViewer();
  return { viewer, via: viewer ? "session" : null };
}

/**
 * The caller of a write. A token needs no Origin (scripts have none); a session cookie
 * must come with our own Origin, since route handlers have no CSRF protection of their own.
 */
export async function getWritingViewer(request: Request): Promise<Viewer | null> {
  const caller = await getApiCaller(request);
  if (caller.via === "session") assertSameOrigin(request);
  return caller.viewer;
}
