import { e2e } from "./config";
import type { E2eSql } from "./db";
import { expect, test } from "./fixtures";
import { PaperPage } from "./pages/paper-page";
import { makeSessions } from "./sessions";

/**
 * Refusals of the moderation forms and of a banned account's writes: every one is a message
 * on the page the form is on (lib/http/server-action.ts), never the error page, with JavaScript
 * and without.
 */

/** The one message of every refused write by a banned account (BANNED_MESSAGE, lib/moderation/moderation.ts). */
const BANNED_MESSAGE =
  "Your account is banned: you can read, but not comment, vote, submit papers or create API tokens.";

async function setRole(sql: E2eSql, userId: string, role: "user" | "admin") {
  await sql`update users set role = ${role} where id = ${userId}`;
}

async function roleOf(sql: E2eSql, userId: string): Promise<string | undefined> {
  const [row] = await sql<{ role: string }[]>`select role from users where id = ${userId}`;
  return row?.role;
}

test.describe("moderation forms", () => {
  for (const javaScriptEnabled of [false, true]) {
    test(`a refused moderator change says why on the profile, not the error page (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
      newPage,
      sql,
    }) => {
      const [admin, target] = await makeSessions(`refused-admin-js-${javaScriptEnabled}`, 2);
      await setRole(sql, admin!.userId, "admin");
      const page = await newPage({ cookie: admin!.cookie, javaScriptEnabled });
      await page.goto(`/u/${target!.userId}`);
      const makeModerator = page.getByRole("button", { name: "Make moderator" });
      await expect(makeModerator).toBeVisible();
      // The administrator loses the role while the page is open: lib/ checks the database.
      await setRole(sql, admin!.userId, "user");
      await makeModerator.click();
      // (filtered: with JavaScript, Next's route announcer is an alert too)
      const refusal = "Only administrators can change moderators.";
      await expect(page.getByRole("alert").filter({ hasText: refusal })).toHaveText(refusal);
      await expect(page).toHaveURL(`${e2e.baseUrl}/u/${target!.userId}`);
      await expect(page.getByRole("heading", { name: target!.userId })).toBeVisible();
      await expect(page.getByRole("button", { name: "Make moderator" })).toHaveCount(0);
      expect(await roleOf(sql, target!.userId)).toBe("user");
    });
  }

  test("a banned reader gets the one ban message: in place of the comment form, and after a vote without JavaScript", async ({
    newPage,
  }) => {
    const [banned] = await makeSessions("banned-reader", 1, { banned: true });
    const page = await newPage({ cookie: banned!.cookie, javaScriptEnabled: false });
    await new PaperPage(page, "2406.02061").goto();
    await expect(page.locator("#discussion").getByText(BANNED_MESSAGE)).toBeVisible();
    await page
      .getByRole("button", { name: /^Upvote, \d+ votes?$/ })
      .first()
      .click();
    await expect(page).toHaveURL(`${e2e.baseUrl}/papers/2406.02061`);
    await expect(page.getByRole("alert").filter({ hasText: BANNED_MESSAGE })).toHaveText(BANNED_MESSAGE);
  });
});
