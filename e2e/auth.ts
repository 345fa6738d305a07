import { expect, type Page } from "@playwright/test";

/** Signs in through the real Auth.js flow against the fake GitHub, as a person would. */
export async function signInWithGitHub(page: Page, login: string) {
  await page.getByRole("button", { name: "Sign in with GitHub" }).first().click();
  await expect(page.getByRole("heading", { name: "Authorize Paperboard" })).toBeVisible();
  const knownLink = page.getByRole("link", { name: `Sign in as ${login}`, exact: true });
  if (await knownLink.count()) {
    await knownLink.click();
  } else {
    await page.getByLabel("Login").fill(login);
    await page.getByRole("button", { name: "Authorize" }).click();
  }
  await expect(page.getByTestId("user-menu")).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();
}
