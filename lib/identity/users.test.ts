import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { sessions, users } from "@/db/schema";
import { applyGitHubProfile } from "./auth";
import { getProfile, signOutEverywhere } from "./users";
import { setModerator } from "../moderation/moderation";
import { authenticateToken, createToken } from "./tokens";
import type { Viewer } from "./viewer";
import { testViewer } from "@/testing/viewers";
import { resetEnvCache } from "../env";

const database = withTestDatabase();

const viewer = (id: string, role: Viewer["role"] = "user"): Viewer => testViewer(id, role);

describe("roles", () => {
  beforeAll(async () => {
    process.env.ADMIN_GITHUB_LOGINS = "Boss";
    resetEnvCache();
    await database
      .db()
      .insert(users)
      .values([
        { id: "u-boss", githubLogin: "boss" },
        { id: "u-mod", githubLogin: "mod" },
        { id: "u-plain", githubLogin: "plain" },
      ]);
  });

  // One GitHub account per user row, as Auth.js links them (users.github_id is unique).
  const githubIds: Record<string, number> = { "u-boss": 42, "u-mod": 43, "u-plain": 44, "u-new": 45 };
  const profile = (login: string, extra: Record<string, unknown> = {}) => ({
    id: githubIds[login.toLowerCase() === "renamed" ? "u-new" : `u-${login.toLowerCase()}`] ?? 99,
    login,
    name: `${login} name`,
    avatar_url: "https://avatars.example/x.png",
    created_at: "2015-01-01T00:00:00Z",
    ...extra,
  });

  it("makes the logins in ADMIN_GITHUB_LOGINS admins at sign-in, case-insensitively", async () => {
    await applyGitHubProfile("u-boss", profile("BOSS"));
    expect((await getProfile("boss"))?.role).toBe("admin");
  });

  it("refreshes name, avatar and GitHub account age at sign-in", async () => {
    const [row] = await database.db().select().from(users).where(eq(users.id, "u-boss"));
    expect(row?.name).toBe("BOSS name");
    expect(row?.image).toBe("https://avatars.example/x.png");
    expect(row?.githubCreatedAt?.toISOString()).toBe("2015-01-01T00:00:00.000Z");
  });

  it("lets an admin make and unmake a moderator", async () => {
    await setModerator(viewer("u-boss", "admin"), "plain", true);
    expect((await getProfile("plain"))?.role).toBe("moderator");
    await setModerator(viewer("u-boss", "admin"), "plain", false);
    expect((await getProfile("plain"))?.role).toBe("user");
  });

  it("refuses anyone else, checked against the database rather than the caller's claim", async () => {
    await expect(setModerator(null, "plain", true)).rejects.toMatchObject({ status: 401 });
    await expect(setModerator(viewer("u-plain", "admin"), "mod", true)).rejects.toMatchObject({ status: 403 });
    await setModerator(viewer("u-boss", "admin"), "mod", true);
    await expect(setModerator(viewer("u-mod", "moderator"), "plain", true)).rejects.toMatchObject({ status: 403 });
    await expect(setModerator(viewer("u-boss", "admin"), "boss", false)).rejects.toMatchObject({ status: 409 });
    await expect(setModerator(viewer("u-boss", "admin"), "nobody", true)).rejects.toMatchObject({ status: 404 });
  });

  it("keeps a moderator a moderator at sign-in, and demotes an admin removed from the list", async () => {
    await applyGitHubProfile("u-mod", profile("mod"));
    expect((await getProfile("mod"))?.role).toBe("moderator");
    process.env.ADMIN_GITHUB_LOGINS = "someone-else";
    resetEnvCache();
    await applyGitHubProfile("u-boss", profile("boss"));
    expect((await getProfile("boss"))?.role).toBe("user");
  });

  it("gives a login to the account signing in with it, taking it from a stale holder", async () => {
    await database
      .db()
      .insert(users)
      .values([{ id: "u-old", githubLogin: "renamed" }, { id: "u-new" }]);
    await applyGitHubProfile("u-new", profile("Renamed"));
    expect((await getProfile("renamed"))?.id).toBe("u-new");
    const [old] = await database.db().select().from(users).where(eq(users.id, "u-old"));
    expect(old?.githubLogin).toBeNull();
  });
});

describe("signing out everywhere", () => {
  beforeAll(async () => {
    await database.db().insert(users).values({ id: "u-many", githubLogin: "many", githubId: 777 });
  });

  async function twoSessionsAndAToken() {
    const expires = new Date(Date.now() + 86_400_000);
    await database
      .db()
      .insert(sessions)
      .values([
        { sessionToken: `laptop-${Math.random()}`, userId: "u-many", expires },
        { sessionToken: `phone-${Math.random()}`, userId: "u-many", expires },
      ]);
    const { token } = await createToken(viewer("u-many"), "script");
    return token;
  }

  it("ends every session and, by default, leaves API tokens working", async () => {
    const token = await twoSessionsAndAToken();
    expect(await signOutEverywhere(viewer("u-many"))).toEqual({ sessions: 2, tokens: 0 });
    expect(await database.db().select().from(sessions).where(eq(sessions.userId, "u-many"))).toHaveLength(0);
    expect((await authenticateToken(token))?.id).toBe("u-many");
  });

  it("revokes every API token too when asked", async () => {
    const token = await twoSessionsAndAToken();
    const result = await signOutEverywhere(viewer("u-many"), { revokeTokens: true });
    expect(result.sessions).toBe(2);
    expect(result.tokens).toBeGreaterThanOrEqual(1);
    expect(await authenticateToken(token)).toBeNull();
  });
});

describe("e-mail addresses from GitHub", () => {
  const emailOf = async (id: string) =>
    (
      await database
        .db()
        .select({ email: users.email, verified: users.emailVerified, unverified: users.unverifiedEmail })
        .from(users)
        .where(eq(users.id, id))
    )[0];

  it("keeps a verified address as the user's e-mail and an unverified one apart", async () => {
    await database
      .db()
      .insert(users)
      .values([{ id: "u-verified" }, { id: "u-claimer" }]);
    await applyGitHubProfile("u-verified", {
      id: 501,
      login: "verified-vi",
      email: "Vi@Example.org",
      email_verified: true,
    });
    expect(await emailOf("u-verified")).toMatchObject({ email: "vi@example.org", unverified: null });
    expect((await emailOf("u-verified"))?.verified).toBeInstanceOf(Date);
    // Someone claims the same address on GitHub without verifying it: it does not become theirs.
    await applyGitHubProfile("u-claimer", {
      id: 502,
      login: "claimer",
      email: "vi@example.org",
      email_verified: false,
    });
    expect(await emailOf("u-claimer")).toEqual({ email: null, verified: null, unverified: "vi@example.org" });
    expect((await emailOf("u-verified"))?.email).toBe("vi@example.org");
  });
});
