import { expect, type Page } from "@playwright/test";

/**
 * The GitHub sign-in as a person goes through it: a "Sign in with GitHub" button (in the header
 * or on /signin), the fake GitHub's authorize page (e2e/fake-github.ts), back to where they were.
 */
export class GitHubSignIn {
  constructor(readonly page: Page) {}

  /** The signed-in reader's account menu in the header. */
  get userMenu() {
    return this.page.getByTestId("user-menu");
  }

  /** Signs in from the current page through the real Auth.js flow. */
  async signIn(login: string) {
    await this.page.getByRole("button", { name: "Sign in with GitHub" }).first().click();
    await this.authorize(login);
    await expect(this.userMenu).toBeVisible();
  }

  /** On the fake GitHub's authorize page: picks (or types) the account and authorizes. */
  async authorize(login: string) {
    await expect(this.page.getByRole("heading", { name: "Authorize Paperboard" })).toBeVisible();
    const knownLink = this.page.getByRole("link", { name: `Sign in as ${login}`, exact: true });
    if (await knownLink.count()) {
      await knownLink.click();
    } else {
      await this.page.getByLabel("Login").fill(login);
      await this.page.getByRole("button", { name: "Authorize" }).click();
    }
  }

  async signOut() {
    await this.userMenu.locator("summary").click();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();
  }
}

/** Signs `page` in as `login` through GitHub: the one-line form most specs need. */
export function signInWithGitHub(page: Page, login: string) {
  return new GitHubSignIn(page).signIn(login);
}
