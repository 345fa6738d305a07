import { expect, type Page } from "@playwright/test";

/** Signs in through the real Auth.js flow against the fake GitHub, as a person would. */
export async function signInWithGitHub(page: Page, login: string) {
  await page.getByRole("button", { name: "Sign in with GitHub" }).first().click();
  await authorizeOnGitHub(page, login);
  await expect(page.getByTestId("user-menu")).toBeVisible();
}

/** On the fake GitHub's authorize page: picks (or types) the account and authorizes. */
export async function authorizeOnGitHub(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Authorize Paperboard" })).toBeVisible();
  const knownLink = page.getByRole("link", { name: `Sign in as ${login}`, exact: true });
  if (await knownLink.count()) {
    await knownLink.click();
  } else {
    await page.getByLabel("Login").fill(login);
    await page.getByRole("button", { name: "Authorize" }).click();
  }
}

export async function signOut(page: Page) {
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();
}
