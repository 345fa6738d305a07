import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, like } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * "Sign in as a demo user": lets a newcomer running `npm run dev` try voting and commenting
 * on the demo data without registering a GitHub OAuth app. Development only, and only when
 * GitHub is not configured or DEMO_SIGN_IN=true; a production server refuses to start with
 * DEMO_SIGN_IN on (lib/server/startup.ts), and every call here checks NODE_ENV again.
 */
export function isDemoSignInAvailable(env: Env = getEnv()): boolean {
  return env.NODE_ENV === "development" && (env.DEMO_SIGN_IN || !env.AUTH_GITHUB_ID);
}

const DEMO_USER_ID_PREFIX = "demo-";
const SESSION_DAYS = 30;
// Auth.js's cookie for database sessions over http (development never runs on https).
export const DEV_SESSION_COOKIE = "authjs.session-token";

export async function listDemoUsers(): Promise<{ login: string; name: string | null }[]> {
  if (!isDemoSignInAvailable()) return [];
  const rows = await getDb()
    .select({ login: users.githubLogin, name: users.name })
    .from(users)
    .where(like(users.id, `${DEMO_USER_ID_PREFIX}%`))
    .orderBy(asc(users.id));
  return rows.flatMap((row) => (row.login ? [{ login: row.login, name: row.name }] : []));
}

/** Creates an Auth.js database session for a demo user; the caller sets the cookie. */
export async function createDemoSession(login: string): Promise<{ token: string; expires: Date }> {
  if (!isDemoSignInAvailable()) throw new AppError(403, "The demo sign-in is only available in development.");
  const db = getDb();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.githubLogin, login), like(users.id, `${DEMO_USER_ID_PREFIX}%`)));
  if (!user) throw new AppError(404, `There is no demo user ${login}.`);
  const token = randomBytes(32).toString("hex");
  const expires = new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000);
  await db.insert(sessions).values({ sessionToken: token, userId: user.id, expires });
  return { token, expires };
}
