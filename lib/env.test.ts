import { afterEach, describe, expect, it } from "vitest";
import { EnvError, getEnv, getLoggerEnv, parseEnv, resetEnvCache } from "./env";
import { productionRefusals } from "./server/startup";
import { authTrustHost } from "./identity/auth";

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

describe("environment read past the schema's first parse", () => {
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: process.env.LOG_LEVEL,
    NODE_ENV: process.env.NODE_ENV,
  };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it("builds into .next unless NEXT_DIST_DIR says otherwise", () => {
    expect(parseEnv({}).NEXT_DIST_DIR).toBe(".next");
    expect(parseEnv({ NEXT_DIST_DIR: " .next-bench " }).NEXT_DIST_DIR).toBe(".next-bench");
  });

  it("follows DATABASE_URL when a command points the process at the database it started", () => {
    process.env.DATABASE_URL = "postgres://first/db";
    resetEnvCache();
    expect(getEnv().DATABASE_URL).toBe("postgres://first/db");
    process.env.DATABASE_URL = "postgres://second/db";
    expect(getEnv().DATABASE_URL).toBe("postgres://second/db");
    process.env.DATABASE_URL = "mysql://third/db";
    expect(() => getEnv()).toThrow(/DATABASE_URL/);
  });

  it("gives the logger its level and mode even when they are wrong, for getEnv() to report", () => {
    // Next's types make NODE_ENV read-only; the logger reads it at run time all the same.
    const env = process.env as Record<string, string | undefined>;
    env.LOG_LEVEL = " debug ";
    env.NODE_ENV = "production";
    expect(getLoggerEnv()).toEqual({ LOG_LEVEL: "debug", NODE_ENV: "production" });
    env.LOG_LEVEL = "verbose";
    env.NODE_ENV = "staging";
    expect(getLoggerEnv()).toEqual({ LOG_LEVEL: "info", NODE_ENV: "development" });
    expect(() => parseEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
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

describe("Auth.js trustHost, from configuration", () => {
  it("trusts the Host header only when told to, or when AUTH_URL makes it irrelevant, or in development", () => {
    expect(authTrustHost(parseEnv({ NODE_ENV: "production" }))).toBe(false);
    expect(authTrustHost(parseEnv({ NODE_ENV: "production", AUTH_URL: "https://papers.example.org" }))).toBe(true);
    expect(authTrustHost(parseEnv({ NODE_ENV: "production", AUTH_TRUST_HOST: "true" }))).toBe(true);
    expect(
      authTrustHost(
        parseEnv({ NODE_ENV: "production", AUTH_URL: "https://papers.example.org", AUTH_TRUST_HOST: "false" }),
      ),
    ).toBe(false);
    expect(authTrustHost(parseEnv({ NODE_ENV: "development" }))).toBe(true);
  });

  it("refuses a production start with GitHub sign-in but neither AUTH_URL nor AUTH_TRUST_HOST", () => {
    const github = {
      NODE_ENV: "production",
      AUTH_SECRET: SECRET,
      DATABASE_URL: "postgres://x/y",
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "secret",
    };
    expect(productionRefusals(parseEnv(github)).join(" ")).toContain("AUTH_URL");
    expect(productionRefusals(parseEnv({ ...github, AUTH_URL: "https://papers.example.org" }))).toEqual([]);
    expect(productionRefusals(parseEnv({ ...github, AUTH_TRUST_HOST: "true" }))).toEqual([]);
  });
});

describe("the deployment variables", () => {
  it("defaults: no pooler, no embedded database in production, info logs", () => {
    const env = parseEnv({});
    expect(env.DATABASE_POOLER).toBe("none");
    expect(env.PAPERBOARD_EMBEDDED_DB).toBe(false);
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it("reads them", () => {
    const env = parseEnv({
      DATABASE_POOLER: "transaction",
      PAPERBOARD_EMBEDDED_DB: "1",
      LOG_LEVEL: "debug",
      METRICS_TOKEN: "m".repeat(20),
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
    });
    expect(env).toMatchObject({
      DATABASE_POOLER: "transaction",
      PAPERBOARD_EMBEDDED_DB: true,
      LOG_LEVEL: "debug",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
    });
  });

  it.each([
    [{ DATABASE_POOLER: "statement" }, "DATABASE_POOLER"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ PAPERBOARD_EMBEDDED_DB: "maybe" }, "PAPERBOARD_EMBEDDED_DB"],
  ])("names the wrong variable in %j", (raw, variable) => {
    expect(() => parseEnv(raw)).toThrow(variable);
  });
});

describe("production without DATABASE_URL", () => {
  it("is refused with what to do: set DATABASE_URL, or opt into the embedded database", () => {
    const refusal = productionRefusals(parseEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET })).join(" ");
    expect(refusal).toContain("DATABASE_URL is not set");
    expect(refusal).toContain("PAPERBOARD_EMBEDDED_DB=1");
  });

  it("with PAPERBOARD_EMBEDDED_DB=1 but no DATABASE_URL (a bare server.js), says to start with npm start", () => {
    const refusal = productionRefusals(
      parseEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET, PAPERBOARD_EMBEDDED_DB: "1" }),
    ).join(" ");
    expect(refusal).toContain("npm start");
  });
});
