import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertNotBanned } from "@/lib/moderation/moderation";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { toViewer, viewerColumns, type Viewer } from "@/lib/identity/viewer";

/**
 * Personal API tokens for scripts and bots: `Authorization: Bearer pb_…`. A token acts as
 * its user, under the same rules and rate limits. Only its SHA-256 is stored; it is shown
 * once, at creation.
 */

const PREFIX = "pb_";
export const MAX_ACTIVE_TOKENS = 20;
export const tokenNameSchema = z.strictObject({
  name: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(80, "must be at most 80 characters"),
});

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export interface TokenInfo {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Creates a token. Callers must have authenticated by session: a token never makes tokens. */
export async function createToken(viewer: Viewer | null, name: string): Promise<{ token: string; info: TokenInfo }> {
  if (!viewer) throw new AppError(401, "Sign in to create API tokens.");
  assertNotBanned(viewer);
  await enforceRateLimit(`token:user:${viewer.id}`, { what: "new tokens", limit: 10, windowSeconds: 3600 });
  const db = getDb();
  const [active] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)));
  if ((active?.count ?? 0) >= MAX_ACTIVE_TOKENS)
    throw new AppError(409, `You already have ${MAX_ACTIVE_TOKENS} tokens: revoke one first.`);
  const token = PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: viewer.id, name, tokenHash: hashOf(token) })
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    });
  return { token, info: row! };
}

export async function listTokens(viewer: Viewer): Promise<TokenInfo[]> {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(viewer: Viewer | null, id: number): Promise<void> {
  if (!viewer) throw new AppError(401, "Sign in to revoke API tokens.");
  const revoked = await getDb()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new AppError(404, "No such token.");
}

/** The user a bearer token acts as; null for an unknown or revoked token. */
export async function authenticateToken(token: string): Promise<Viewer | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const db = getDb();
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, ...viewerColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashOf(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  // Recording every use would turn each read into a write; once a minute is enough to show.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return toViewer(row);
}
