import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { e2e } from "./config";
import { appServerArgs } from "../scripts/app-server-command";
import { e2eSql } from "./db";

/**
 * Starts a production server with the given environment, as `npm start` runs it (plain
 * `next start`, which validates in instrumentation.ts), and waits for it to give up.
 */
function startProductionServer(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const args = appServerArgs({ port: 3299 });
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("the production server refuses an unsafe configuration", () => {
  test.setTimeout(60_000);

  test("without AUTH_SECRET", async () => {
    const { code, output } = await startProductionServer({ DATABASE_URL: e2e.databaseUrl });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("refuses to start");
    expect(output).toContain("AUTH_SECRET");
  });

  test("with the demo sign-in enabled", async () => {
    const { code, output } = await startProductionServer({
      DATABASE_URL: e2e.databaseUrl,
      AUTH_SECRET: e2e.authSecret,
      DEMO_SIGN_IN: "true",
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("DEMO_SIGN_IN");
  });

  test("with a malformed variable, naming it", async () => {
    const { code, output } = await startProductionServer({
      DATABASE_URL: "mysql://nope",
      AUTH_SECRET: e2e.authSecret,
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("DATABASE_URL");
  });
});

test.describe("ADMIN_GITHUB_LOGINS is applied when the server starts", () => {
  test.setTimeout(90_000);

  test("a login removed from the list is no longer admin after a restart, without signing in", async () => {
    const sql = e2eSql();
    const port = e2e.appPort + 7;
    try {
      // An admin made by the list at an earlier start: bound to her GitHub account.
      await sql`insert into users (id, github_login, github_id, role) values ('listed-lena', 'listed-lena', 8000001, 'admin')`;
      await sql`insert into admin_login_bindings (login, github_id) values ('listed-lena', 8000001)`;
      const child = spawn(process.execPath, appServerArgs({ port }), {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(port),
          DATABASE_URL: e2e.databaseUrl,
          AUTH_SECRET: e2e.authSecret,
          JOBS_ENABLED: "false",
          ADMIN_GITHUB_LOGINS: "admin-ada",
        },
        stdio: "ignore",
      });
      try {
        await expect
          .poll(async () => (await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
          .toBe(200);
        const [lena] = await sql<{ role: string }[]>`select role from users where id = 'listed-lena'`;
        expect(lena?.role).toBe("user");
        expect(await sql`select 1 from admin_login_bindings where login = 'listed-lena'`).toHaveLength(0);
      } finally {
        child.kill("SIGTERM");
        await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      }
    } finally {
      await sql`delete from users where id = 'listed-lena'`;
      await sql.end();
    }
  });
});
