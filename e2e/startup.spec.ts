import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
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
    const args = how === "npm start" ? startCommand({ port: e2e.extraPort(3) }) : [path.join(standaloneDir, "server.js")];
    const child = spawn(process.execPath, args, { env: productionEnv({ PORT: String(e2e.extraPort(3)), NODE_ENV: "production", ...env }) });
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
