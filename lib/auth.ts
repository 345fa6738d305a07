import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { isDemoSignInAvailable } from "@/lib/demo-sign-in";
import { metrics } from "@/lib/metrics";

/**
 * Auth.js with GitHub (or a GitHub Enterprise Server) and database sessions. The config is
 * built per request (lazy initialisation) so that importing this module never opens the
 * database: `next build` must work without one.
 */

export type Role = "user" | "moderator" | "admin";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      name: string | null;
      image: string | null;
      login: string | null;
      role: Role;
      banned: boolean;
    };
  }
}

// What we read from GitHub's /user. Only the fields we keep; GitHub sends many more.
const githubProfileSchema = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
  created_at: z.string().nullish(),
});

function githubCreatedAt(raw: string | null | undefined): Date | null {
  if (!raw) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Database sessions last 30 days and are extended when used after a day. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

export function isGitHubConfigured(): boolean {
  return Boolean(getEnv().AUTH_GITHUB_ID);
}

/** How one signs in on this server, as the header shows it: GitHub, else the dev demo users. */
export function availableSignIn(): "github" | "demo" | null {
  if (isGitHubConfigured()) return "github";
  return isDemoSignInAvailable() ? "demo" : null;
}

/** The base URL of the GitHub that users sign in with (for profile links). */
export function githubWebUrl(): string {
  return getEnv().AUTH_GITHUB_ENTERPRISE_URL?.replace(/\/+$/, "") ?? "https://github.com";
}

/**
 * Keeps login, name, avatar and account age current, and applies ADMIN_GITHUB_LOGINS, at
 * every sign-in: the list is the single source of who is an admin.
 */
export async function applyGitHubProfile(userId: string, rawProfile: unknown): Promise<void> {
  const parsed = githubProfileSchema.safeParse(rawProfile);
  if (!parsed.success) return;
  const profile = parsed.data;
  const db = getDb();
  const [current] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
  const isListedAdmin = getEnv().ADMIN_GITHUB_LOGINS.includes(profile.login.toLowerCase());
  const role: Role = isListedAdmin ? "admin" : current?.role === "admin" ? "user" : (current?.role ?? "user");
  // Logins move: a GitHub user can rename and another take the old name. The account
  // signing in now owns it; an older row holding it (a renamed user, a demo user) lets go.
  await db
    .update(users)
    .set({ githubLogin: null })
    .where(sql`lower(${users.githubLogin}) = lower(${profile.login}) and ${users.id} <> ${userId}`);
  await db
    .update(users)
    .set({
      githubLogin: profile.login,
      githubId: profile.id,
      name: profile.name ?? profile.login,
      image: profile.avatar_url ?? null,
      githubCreatedAt: githubCreatedAt(profile.created_at),
      role,
    })
    .where(eq(users.id, userId));
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const db = getDb();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    secret: env.AUTH_SECRET,
    trustHost: true,
    providers: env.AUTH_GITHUB_ID
      ? [
          GitHub({
            clientId: env.AUTH_GITHUB_ID,
            clientSecret: env.AUTH_GITHUB_SECRET,
            ...(env.AUTH_GITHUB_ENTERPRISE_URL ? { enterprise: { baseUrl: env.AUTH_GITHUB_ENTERPRISE_URL.replace(/\/+$/, "") } } : {}),
            profile(raw) {
              const profile = githubProfileSchema.parse(raw);
              // The login is set by applyGitHubProfile at sign-in, which settles a clash with
              // a stale holder of the same login; the adapter's insert could only fail on it.
              return {
                id: String(profile.id),
                name: profile.name ?? profile.login,
                email: profile.email ?? null,
                image: profile.avatar_url ?? null,
                githubId: profile.id,
                githubCreatedAt: githubCreatedAt(profile.created_at),
              };
            },
          }),
        ]
      : [],
    pages: { signIn: "/signin", error: "/auth/error" },
    callbacks: {
      session({ session, user }) {
        const row = user as unknown as typeof users.$inferSelect;
        return {
          ...session,
          user: {
            id: row.id,
            name: row.name,
            image: row.image,
            login: row.githubLogin,
            role: row.role,
            banned: row.bannedAt !== null,
          },
        };
      },
    },
    events: {
      async signIn({ user, profile }) {
        metrics.signIns.inc();
        if (user.id && profile) await applyGitHubProfile(user.id, profile);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
