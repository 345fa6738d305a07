import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { productionEnv, standaloneDir, startCommand } from "./production-server";

/**
 * Starts a production server with the given environment and waits for it to give up: the
 * server as `npm start` runs it (start.mjs), or the bare standalone server.js that a process
 * manager or container may run instead (it validates in instrumentation.ts).
 */
function startProductionServer(
  env: Record<string, string | undefined>,
  how: "npm start" | "server.js" = "npm start",
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const args =
      how === "npm start" ? startCommand({ port: e2e.extraPort(3) }) : [path.join(standaloneDir, "server.js")];
    const child = spawn(process.execPath, args, {
      env: productionEnv({ PORT: String(e2e.extraPort(3)), NODE_ENV: "production", ...env }),
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

  test("without DATABASE_URL, saying what to do (no embedded database unless asked for)", async () => {
    const { code, output } = await startProductionServer({ AUTH_SECRET: e2e.authSecret });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("DATABASE_URL is not set");
    expect(output).toContain("PAPERBOARD_EMBEDDED_DB=1");
    expect(output).not.toContain("embedded PostgreSQL on port");
  });

  test("the bare standalone server.js refuses too (without AUTH_SECRET)", async () => {
    const { code, output } = await startProductionServer({ DATABASE_URL: e2e.databaseUrl }, "server.js");
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("AUTH_SECRET");
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

  test("a login removed from the list is no longer admin after a restart, without signing in", async ({ sql }) => {
    const port = e2e.extraPort(3);
    try {
      // An admin made by the list at an earlier start: bound to her GitHub account.
      await sql`insert into users (id, github_login, github_id, role) values ('listed-lena', 'listed-lena', 8000001, 'admin')`;
      await sql`insert into admin_login_bindings (login, github_id) values ('listed-lena', 8000001)`;
      const child = spawn(process.execPath, startCommand({ port }), {
        env: productionEnv({
          PORT: String(port),
          DATABASE_URL: e2e.databaseUrl,
          AUTH_SECRET: e2e.authSecret,
          ADMIN_GITHUB_LOGINS: "admin-ada",
        }),
        stdio: "ignore",
      });
      try {
        await expect
          .poll(async () => (await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status ?? 0, {
            timeout: 60_000,
          })
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
    }
  });
});
