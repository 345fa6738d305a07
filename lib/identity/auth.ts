import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getEnv, type Env } from "@/lib/env";
import { isDemoSignInAvailable } from "@/lib/identity/demo-sign-in";
import { applyAdminList } from "@/lib/identity/admin-roles";
import { githubUserInfo } from "@/lib/identity/github-user";
import { metrics } from "@/lib/server/metrics";

/**
 * Auth.js with GitHub (or a GitHub Enterprise Server) and database sessions. The config is
 * built per request (lazy initialisation) so that importing this module never opens the
 * database: `next build` must work without one.
 */

export type Role = "user" | "moderator" | "admin";

declare module "next-auth" {
  interface Session {
    user: {
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
  /** Not GitHub's: set by githubUserInfo from /user/emails. */
  email_verified: z.boolean().optional(),
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

/** GitHub's REST API: api.github.com, or {enterprise}/api/v3. */
function githubApiUrl(): string {
  const enterprise = getEnv().AUTH_GITHUB_ENTERPRISE_URL?.replace(/\/+$/, "");
  return enterprise ? `${enterprise}/api/v3` : "https://api.github.com";
}

/** The base URL of the GitHub that users sign in with (for profile links). */
export function githubWebUrl(): string {
  return getEnv().AUTH_GITHUB_ENTERPRISE_URL?.replace(/\/+$/, "") ?? "https://github.com";
}

/**
 * Keeps login, name, avatar, account age and e-mail current at every sign-in, then applies
 * ADMIN_GITHUB_LOGINS to this user and to whoever lost the login to them (lib/identity/admin-roles.ts).
 */
export async function applyGitHubProfile(userId: string, rawProfile: unknown): Promise<void> {
  const parsed = githubProfileSchema.safeParse(rawProfile);
  if (!parsed.success) return;
  const profile = parsed.data;
  const db = getDb();
  // Logins move: a GitHub user can rename and another take the old name. The account
  // signing in now owns it; an older row holding it (a renamed user, a demo user) lets go,
  // and with it any admin role the list gave it through that login.
  const released = await db
    .update(users)
    .set({ githubLogin: null })
    .where(sql`lower(${users.githubLogin}) = lower(${profile.login}) and ${users.id} <> ${userId}`)
    .returning({ id: users.id });
  await db
    .update(users)
    .set({
      githubLogin: profile.login,
      githubId: profile.id,
      name: profile.name ?? profile.login,
      image: profile.avatar_url ?? null,
      githubCreatedAt: githubCreatedAt(profile.created_at),
    })
    .where(eq(users.id, userId));
  await applyGitHubEmail(userId, profile);
  await applyAdminList(db, getEnv().ADMIN_GITHUB_LOGINS, [userId, ...released.map((row) => row.id)]);
}

/**
 * The user's addresses as GitHub says now (see githubUserInfo). A verified one becomes
 * users.email (unique; another row holding it keeps it); an unverified one is kept apart in
 * users.unverified_email, never in users.email: Auth.js matches new accounts against
 * users.email, so an unverified claim there could lock the address's owner out, and the
 * digest would mail it without asking (lib/mail/subscriptions.ts sends the double opt-in instead).
 */
async function applyGitHubEmail(userId: string, profile: z.infer<typeof githubProfileSchema>): Promise<void> {
  // A profile that did not come through githubUserInfo says nothing about verification.
  if (profile.email_verified === undefined) return;
  const db = getDb();
  const email = profile.email?.toLowerCase() ?? null;
  if (email && profile.email_verified) {
    await db
      .update(users)
      .set({ email, emailVerified: new Date(), unverifiedEmail: null })
      .where(
        sql`${users.id} = ${userId} and not exists (select 1 from ${users} other where lower(other.email) = ${email} and other.id <> ${userId})`,
      );
    return;
  }
  await db.update(users).set({ email: null, emailVerified: null, unverifiedEmail: email }).where(eq(users.id, userId));
}

/**
 * Whether Auth.js may take the site's URL from the request's Host / X-Forwarded-Host. With
 * AUTH_URL set, Auth.js uses that URL and the Host header does not matter; without it, only
 * an explicit AUTH_TRUST_HOST=true (a proxy that sets Host) may, or development on localhost.
 * Production with neither refuses to start (lib/server/startup.ts) rather than fail every sign-in.
 */
export function authTrustHost(env: Pick<Env, "AUTH_TRUST_HOST" | "AUTH_URL" | "NODE_ENV">): boolean {
  return env.AUTH_TRUST_HOST ?? (env.AUTH_URL !== undefined || env.NODE_ENV !== "production");
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
    trustHost: authTrustHost(env),
    providers: env.AUTH_GITHUB_ID
      ? [
          GitHub({
            clientId: env.AUTH_GITHUB_ID,
            clientSecret: env.AUTH_GITHUB_SECRET,
            ...(env.AUTH_GITHUB_ENTERPRISE_URL
              ? { enterprise: { baseUrl: env.AUTH_GITHUB_ENTERPRISE_URL.replace(/\/+$/, "") } }
              : {}),
            userinfo: {
              url: `${githubApiUrl()}/user`,
              request: ({ tokens }: { tokens: { access_token?: string } }) =>
                githubUserInfo(githubApiUrl(), tokens.access_token ?? ""),
            },
            profile(raw) {
              const profile = githubProfileSchema.parse(raw);
              // The login is set by applyGitHubProfile at sign-in, which settles a clash with
              // a stale holder of the same login; the adapter's insert could only fail on it.
              return {
                id: String(profile.id),
                name: profile.name ?? profile.login,
                // Only a verified address: see applyGitHubEmail.
                email: profile.email_verified ? (profile.email?.toLowerCase() ?? null) : null,
                emailVerified: profile.email_verified ? new Date() : null,
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
      // What GET /api/auth/session answers, readable by any script on the page. Auth.js hands
      // this callback the whole session row, sessionToken (the HttpOnly cookie's value) and
      // userId included: only what a page may show is returned. Server code reads the session
      // through lib/identity/viewer.ts, never through this.
      session({ session, user }) {
        const row = user as unknown as typeof users.$inferSelect;
        return {
          expires: session.expires,
          user: {
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
