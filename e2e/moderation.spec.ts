import { expect, test, type Browser } from "@playwright/test";
import { e2e } from "./config";
import { e2eSql } from "./db";
import { makeSessions } from "./sessions";

/**
 * Refusals of the moderation forms and of a banned account's writes: every one is a message
 * on the page the form is on (lib/server-action.ts), never the error page, with JavaScript
 * and without.
 */

/** The one message of every refused write by a banned account (BANNED_MESSAGE, lib/moderation.ts). */
const BANNED_MESSAGE = "Your account is banned: you can read, but not comment, vote, submit papers or create API tokens.";

async function signedInContext(browser: Browser, cookie: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: e2e.baseUrl });
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: e2e.baseUrl }]);
  return context;
}

async function setRole(userId: string, role: "user" | "admin") {
  const sql = e2eSql();
  try {
    await sql`update users set role = ${role} where id = ${userId}`;
  } finally {
    await sql.end();
  }
}

async function roleOf(userId: string): Promise<string | undefined> {
  const sql = e2eSql();
  try {
    const [row] = await sql<{ role: string }[]>`select role from users where id = ${userId}`;
    return row?.role;
  } finally {
    await sql.end();
  }
}

test.describe("moderation forms", () => {
  for (const javaScriptEnabled of [false, true]) {
    test(`a refused moderator change says why on the profile, not the error page (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
      const [admin, target] = await makeSessions(`refused-admin-js-${javaScriptEnabled}`, 2);
      await setRole(admin!.userId, "admin");
      const context = await signedInContext(browser, admin!.cookie, javaScriptEnabled);
      try {
        const page = await context.newPage();
        await page.goto(`/u/${target!.userId}`);
        const makeModerator = page.getByRole("button", { name: "Make moderator" });
        await expect(makeModerator).toBeVisible();
        // The administrator loses the role while the page is open: lib/ checks the database.
        await setRole(admin!.userId, "user");
        await makeModerator.click();
        // (filtered: with JavaScript, Next's route announcer is an alert too)
        const refusal = "Only administrators can change moderators.";
        await expect(page.getByRole("alert").filter({ hasText: refusal })).toHaveText(refusal);
        await expect(page).toHaveURL(`${e2e.baseUrl}/u/${target!.userId}`);
        await expect(page.getByRole("heading", { name: target!.userId })).toBeVisible();
        await expect(page.getByRole("button", { name: "Make moderator" })).toHaveCount(0);
        expect(await roleOf(target!.userId)).toBe("user");
      } finally {
        await context.close();
      }
    });
  }

  test("a banned reader gets the one ban message: in place of the comment form, and after a vote without JavaScript", async ({ browser }) => {
    const [banned] = await makeSessions("banned-reader", 1, { banned: true });
    const context = await signedInContext(browser, banned!.cookie, false);
    try {
      const page = await context.newPage();
      await page.goto("/papers/2406.02061");
      await expect(page.locator("#discussion").getByText(BANNED_MESSAGE)).toBeVisible();
      await page.getByRole("button", { name: /^Upvote, \d+ votes?$/ }).first().click();
      await expect(page).toHaveURL(`${e2e.baseUrl}/papers/2406.02061`);
      await expect(page.getByRole("alert").filter({ hasText: BANNED_MESSAGE })).toHaveText(BANNED_MESSAGE);
    } finally {
      await context.close();
    }
  });
});
