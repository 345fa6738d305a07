import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, parseOrThrow } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { getViewer, type Viewer } from "@/lib/viewer";
import { authenticateToken } from "@/lib/tokens";
import { logger } from "@/lib/logger";

/**
 * The JSON API's conventions, shared by every route handler: errors are
 * `{"error": message, "field"?: name}` with the right status, 429s carry Retry-After, and
 * cookie-authenticated writes must come from our own origin.
 */

export function jsonError(status: number, message: string, extra: { field?: string; retryAfterSeconds?: number } = {}) {
  const headers: Record<string, string> = {};
  if (extra.retryAfterSeconds !== undefined) headers["Retry-After"] = String(extra.retryAfterSeconds);
  return NextResponse.json(
    { error: message, ...(extra.field ? { field: extra.field } : {}) },
    { status, headers },
  );
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

/** Parses a JSON body with a schema; a malformed body is a 400 naming the first bad field. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError(400, "The request body must be JSON.", { field: "body" });
  }
  return parseOrThrow(schema, body);
}

function allowedOrigins(): Set<string> {
  const env = getEnv();
  const origins = new Set([new URL(env.SITE_URL).origin]);
  if (process.env.AUTH_URL) origins.add(new URL(process.env.AUTH_URL).origin);
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

/** Route params of the catch-all API routes: old-style arXiv ids contain a slash. */
export function joinPathSegments(segments: string[]): string {
  try {
    return segments.map((segment) => decodeURIComponent(segment)).join("/");
  } catch {
    return "";
  }
}
