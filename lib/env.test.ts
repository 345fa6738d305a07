import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";
import { productionRefusals } from "./startup";

const SECRET = "x".repeat(40);

describe("parseEnv", () => {
  it("applies defaults, SITE_URL following PORT", () => {
    const env = parseEnv({ PORT: "4000" });
    expect(env.PORT).toBe(4000);
    expect(env.SITE_URL).toBe("http://localhost:4000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ADMIN_GITHUB_LOGINS).toEqual([]);
  });

  it("keeps an explicit SITE_URL without its trailing slash", () => {
    expect(parseEnv({ SITE_URL: "https://papers.example.org/" }).SITE_URL).toBe("https://papers.example.org");
  });

  it("reads GitHub's REST API at api.github.com unless told otherwise, with an optional token", () => {
    expect(parseEnv({}).GITHUB_API_URL).toBe("https://api.github.com");
    expect(parseEnv({}).GITHUB_TOKEN).toBeUndefined();
    expect(parseEnv({ GITHUB_API_URL: "https://github.example.org/api/v3/", GITHUB_TOKEN: " ghp_x " })).toMatchObject({
      GITHUB_API_URL: "https://github.example.org/api/v3",
      GITHUB_TOKEN: "ghp_x",
    });
  });

  it("parses the admin list case-insensitively", () => {
    expect(parseEnv({ ADMIN_GITHUB_LOGINS: " Alice, bob ,," }).ADMIN_GITHUB_LOGINS).toEqual(["alice", "bob"]);
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/x" }, "DATABASE_URL"],
    [{ SITE_URL: "not a url" }, "SITE_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ AUTH_GITHUB_ID: "id-only" }, "AUTH_GITHUB_SECRET"],
    [{ DEMO_SIGN_IN: "yes please" }, "DEMO_SIGN_IN"],
    [{ GITHUB_API_URL: "api.github.com" }, "GITHUB_API_URL"],
  ])("names the wrong variable in %j", (raw, variable) => {
    try {
      parseEnv(raw);
      expect.unreachable("parseEnv accepted a wrong value");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).issues.map((issue) => issue.variable)).toContain(variable);
      expect((error as Error).message).toContain(variable);
    }
  });
});

describe("productionRefusals", () => {
  const base = { NODE_ENV: "production", DATABASE_URL: "postgres://u:p@db/x" };

  it("lets a complete production configuration start", () => {
    expect(productionRefusals(parseEnv({ ...base, AUTH_SECRET: SECRET }))).toEqual([]);
  });

  it("refuses production without AUTH_SECRET", () => {
    expect(productionRefusals(parseEnv(base)).join(" ")).toContain("AUTH_SECRET");
  });

  it("refuses production with the demo sign-in enabled", () => {
    expect(productionRefusals(parseEnv({ ...base, AUTH_SECRET: SECRET, DEMO_SIGN_IN: "true" })).join(" ")).toContain(
      "DEMO_SIGN_IN",
    );
  });

  it("does not apply production rules in development", () => {
    expect(productionRefusals(parseEnv({ DEMO_SIGN_IN: "true" }))).toEqual([]);
  });
});
