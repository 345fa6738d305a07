import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { adminLoginBindings, users } from "@/db/schema";
import { applyAdminListAtStart } from "./admin-roles";
import { applyGitHubProfile } from "./auth";
import { resetEnvCache } from "../env";
import { setModerator } from "../moderation/moderation";
import { testViewer } from "@/testing/viewers";

const database = withTestDatabase();

const github = (id: number, login: string) => ({
  id,
  login,
  name: login,
  avatar_url: null,
  created_at: "2015-01-01T00:00:00Z",
});

async function roleOf(id: string) {
  const [row] = await database
    .db()
    .select({ role: users.role, login: users.githubLogin })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

function listAdmins(logins: string) {
  process.env.ADMIN_GITHUB_LOGINS = logins;
  resetEnvCache();
}

/** A server start with ADMIN_GITHUB_LOGINS as given (instrumentation.ts → lib/server/startup.ts). */
async function start(logins: string) {
  listAdmins(logins);
  return applyAdminListAtStart(database.db(), logins.split(",").filter(Boolean));
}

describe("ADMIN_GITHUB_LOGINS, tied to GitHub account ids", () => {
  beforeEach(async () => {
    await database.db().delete(adminLoginBindings);
    await database.db().delete(users);
    await database
      .db()
      .insert(users)
      .values([
        { id: "ada", githubLogin: "ada", githubId: 100 },
        { id: "mo", githubLogin: "mo", githubId: 200, role: "moderator", grantedRole: "moderator" },
        { id: "newcomer", githubId: 300 },
      ]);
  });

  it("applies the list at start, and a login removed from it stops being admin at the next start, without a sign-in", async () => {
    await start("ada");
    expect((await roleOf("ada"))?.role).toBe("admin");
    await start("");
    expect((await roleOf("ada"))?.role).toBe("user");
  });

  it("keeps a role an admin granted: a listed moderator is admin, and moderator again once unlisted", async () => {
    await start("ada,mo");
    expect((await roleOf("mo"))?.role).toBe("admin");
    await start("ada");
    expect((await roleOf("mo"))?.role).toBe("moderator");
    // The admin's grant is what survives, not the list's: unmaking the moderator sticks.
    await setModerator(testViewer("ada", "admin"), "mo", false);
    await start("ada,mo");
    await start("ada");
    expect((await roleOf("mo"))?.role).toBe("user");
  });

  it("a login that moves to another GitHub account takes no admin role with it, and the old account loses it", async () => {
    listAdmins("ada");
    await applyGitHubProfile("ada", github(100, "ada"));
    expect((await roleOf("ada"))?.role).toBe("admin");
    // Ada renames on GitHub; someone else registers "ada" and signs in first.
    await applyGitHubProfile("newcomer", github(300, "ada"));
    expect(await roleOf("newcomer")).toEqual({ role: "user", login: "ada" });
    expect(await roleOf("ada")).toEqual({ role: "user", login: null });
    // A restart does not hand it over either, and says why.
    const { conflicts } = await start("ada");
    expect(conflicts).toEqual([{ login: "ada", boundGithubId: 100, holderGithubId: 300 }]);
    expect((await roleOf("newcomer"))?.role).toBe("user");
    // Ada signs in under her new login: not listed, not admin.
    await applyGitHubProfile("ada", github(100, "ada-renamed"));
    expect((await roleOf("ada"))?.role).toBe("user");
  });

  it("an admin who renames stops being admin when she next signs in", async () => {
    await start("ada");
    await applyGitHubProfile("ada", github(100, "countess"));
    expect((await roleOf("ada"))?.role).toBe("user");
    // Listing the new login makes her admin again.
    await start("countess");
    expect((await roleOf("ada"))?.role).toBe("admin");
  });

  it("the operator hands a login over by removing it from the list and listing it again", async () => {
    await start("ada");
    await applyGitHubProfile("newcomer", github(300, "ada"));
    await start("");
    await start("ada");
    expect((await roleOf("newcomer"))?.role).toBe("admin");
  });

  it("makes no one admin through a login held by a row without a GitHub account (a demo user)", async () => {
    await database.db().insert(users).values({ id: "demo", githubLogin: "demo-admin" });
    await start("demo-admin");
    expect((await roleOf("demo"))?.role).toBe("user");
  });
});
