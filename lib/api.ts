import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { getViewer, type Viewer } from "@/lib/viewer";

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
    console.error("[api] unexpected error", error);
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
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    throw new AppError(400, `${field}: ${issue.message}`, { field });
  }
  return result.data;
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

/** The caller of a write: signed in by session cookie, from our own origin. */
export async function getWritingViewer(request: Request): Promise<Viewer | null> {
  const viewer = await getViewer();
  if (viewer) assertSameOrigin(request);
  return viewer;
}

/** Route params of the catch-all API routes: old-style arXiv ids contain a slash. */
export function joinPathSegments(segments: string[]): string {
  try {
    return segments.map((segment) => decodeURIComponent(segment)).join("/");
  } catch {
    return "";
  }
}
