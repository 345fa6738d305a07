import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { PaperPage } from "./pages/paper-page";
import { GitHubSignIn } from "./pages/sign-in";

test.describe("signing in with GitHub", () => {
  test("sign in, come back to the same page, stay signed in, sign out", async ({ page, context, sql }) => {
    const gitHub = new GitHubSignIn(page);
    await new PaperPage(page, "2409.13648").goto();
    await gitHub.signIn("octocat");
    await expect(page).toHaveURL(/\/papers\/2409\.13648$/);
    await expect(gitHub.userMenu).toContainText("octocat");

    await page.reload();
    await expect(gitHub.userMenu).toBeVisible();

    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie, "the session cookie").toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");

    await gitHub.userMenu.locator("summary").click();
    await page.getByRole("link", { name: "Profile" }).click();
    await expect(page).toHaveURL(/\/u\/octocat$/);
    await expect(page.getByRole("heading", { name: "The Octocat" })).toBeVisible();
    await expect(page.getByRole("link", { name: "@octocat on GitHub" })).toHaveAttribute(
      "href",
      `${e2e.fakeGithubUrl}/octocat`,
    );
    await expect(page.getByText(/joined \d+ \w+ \d{4}/)).toBeVisible();

    const [row] =
      await sql`select github_login, github_created_at, email, role from users where github_login = 'octocat'`;
    expect(row?.github_created_at.toISOString()).toBe("2011-01-25T18:44:36.000Z");
    expect(row?.email).toBe("octocat@example.com");
    expect(row?.role).toBe("user");

    await gitHub.signOut();
    await page.reload();
    await expect(gitHub.userMenu).toHaveCount(0);
  });

  test("no response shows the session token to a script: /api/auth/session, /api/me, pages", async ({
    page,
    context,
    sql,
  }) => {
    await new PaperPage(page, "2409.13648").goto();
    await new GitHubSignIn(page).signIn("octocat");
    const token = (await context.cookies()).find((cookie) => cookie.name === "authjs.session-token")?.value;
    expect(token, "the session cookie").toBeTruthy();

    const session = await page.request.get("/api/auth/session");
    expect(session.status()).toBe(200);
    const sessionJson = await session.json();
    expect(sessionJson.user.login).toBe("octocat");
    expect(Object.keys(sessionJson).sort()).toEqual(["expires", "user"]);
    expect(Object.keys(sessionJson.user).sort()).toEqual(["banned", "image", "login", "name", "role"]);

    const [userRow] = await sql`select id from users where github_login = 'octocat'`;
    for (const url of [
      "/api/auth/session",
      "/api/me",
      "/",
      "/papers/2409.13648",
      "/settings",
      "/u/octocat",
      "/new",
      "/api/papers/2409.13648",
    ]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBeLessThan(400);
      const body = await response.text();
      expect(body.includes(token!), `${url} shows the session token`).toBe(false);
      if (url.startsWith("/api/")) expect(body.includes(String(userRow!.id)), `${url} shows the user id`).toBe(false);
    }
  });

  test("a user whose GitHub e-mail is private signs in", async ({ page, sql }) => {
    await page.goto("/");
    await new GitHubSignIn(page).signIn("private-pat");
    const [row] = await sql`select name, email from users where github_login = 'private-pat'`;
    expect(row).toEqual({ name: "Pat Private", email: "700001+private-pat@users.noreply.example.com" });
  });

  test("a user without a display name is shown by login", async ({ page }) => {
    await page.goto("/");
    await new GitHubSignIn(page).signIn("new-newton");
    await page.goto("/u/new-newton");
    await expect(page.getByRole("heading", { name: "new-newton" })).toBeVisible();
  });

  test("a cancelled authorization shows a readable page with a way back", async ({ page }) => {
    await page.goto("/new");
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { name: "Sign-in did not complete" })).toBeVisible();
    await expect(page.getByText("Nothing was changed.")).toBeVisible();
    await page.getByRole("link", { name: "Back to the papers" }).click();
    await expect(page).toHaveURL(`${e2e.baseUrl}/`);
    await expect(page.getByTestId("user-menu")).toHaveCount(0);
  });

  test("an admin from ADMIN_GITHUB_LOGINS makes and unmakes a moderator", async ({ page }) => {
    await page.goto("/u/ada-lovelace");
    await expect(page.getByRole("button", { name: "Make moderator" })).toHaveCount(0);
    await new GitHubSignIn(page).signIn("admin-ada");
    await expect(page.getByText("Administrator")).toHaveCount(0); // on someone else's profile
    await page.getByRole("button", { name: "Make moderator" }).click();
    await expect(page.getByText("Moderator", { exact: false }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Remove moderator" })).toBeVisible();
    await page.getByRole("button", { name: "Remove moderator" }).click();
    await expect(page.getByRole("button", { name: "Make moderator" })).toBeVisible();
    await page.goto("/u/admin-ada");
    await expect(page.getByText("Administrator")).toBeVisible();
  });

  test("the production build never offers the demo sign-in", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByText("Sign in as a demo user")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign in with GitHub" }).first()).toBeVisible();
  });
});
