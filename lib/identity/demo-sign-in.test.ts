import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { sessions, users } from "@/db/schema";
import { parseEnv, resetEnvCache } from "../env";
import { createDemoSession, isDemoSignInAvailable } from "./demo-sign-in";

const database = withTestDatabase();

function setEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

describe("the demo sign-in", () => {
  const original = {
    NODE_ENV: process.env.NODE_ENV,
    DEMO_SIGN_IN: process.env.DEMO_SIGN_IN,
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID,
  };
  afterEach(() => setEnv(original));

  beforeAll(async () => {
    await database
      .db()
      .insert(users)
      .values([
        { id: "demo-01", githubLogin: "ada-lovelace", name: "Ada Lovelace" },
        { id: "real-1", githubLogin: "octocat" },
      ]);
  });

  it("is offered in development without GitHub credentials, or with DEMO_SIGN_IN", () => {
    expect(isDemoSignInAvailable(parseEnv({ NODE_ENV: "development" }))).toBe(true);
    expect(
      isDemoSignInAvailable(parseEnv({ NODE_ENV: "development", AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b" })),
    ).toBe(false);
    expect(
      isDemoSignInAvailable(
        parseEnv({ NODE_ENV: "development", AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b", DEMO_SIGN_IN: "true" }),
      ),
    ).toBe(true);
  });

  it("is never offered outside development, whatever the flag says", () => {
    expect(isDemoSignInAvailable(parseEnv({ NODE_ENV: "production", DEMO_SIGN_IN: "true" }))).toBe(false);
    expect(isDemoSignInAvailable(parseEnv({ NODE_ENV: "test", DEMO_SIGN_IN: "true" }))).toBe(false);
  });

  it("creates a real database session for a demo user in development", async () => {
    setEnv({ NODE_ENV: "development", AUTH_GITHUB_ID: undefined });
    const { token, expires } = await createDemoSession("ada-lovelace");
    const [row] = await database.db().select().from(sessions).where(eq(sessions.sessionToken, token));
    expect(row?.userId).toBe("demo-01");
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it("refuses real users and refuses everything in production", async () => {
    setEnv({ NODE_ENV: "development", AUTH_GITHUB_ID: undefined });
    await expect(createDemoSession("octocat")).rejects.toMatchObject({ status: 404 });
    setEnv({ NODE_ENV: "production", DEMO_SIGN_IN: "true" });
    await expect(createDemoSession("ada-lovelace")).rejects.toMatchObject({ status: 403 });
  });
});
