import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { e2e } from "./config";
import { appServerArgs } from "../scripts/app-server-command";

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
