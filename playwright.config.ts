import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { e2e } from "./e2e/config";

/**
 * A system Chromium when there is one (Debian's /usr/bin/chromium, or CHROMIUM_PATH), else
 * Playwright's own browser (`npx playwright install chromium` on a laptop).
 */
const systemChromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate): candidate is string => Boolean(candidate && existsSync(candidate)),
);

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: e2e.baseUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: systemChromium
            ? [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
              ]
            : [],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server e2e/server.ts",
    url: `${e2e.baseUrl}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
