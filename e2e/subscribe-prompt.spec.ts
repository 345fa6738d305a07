import { expect, test } from "./fixtures";
import { e2e } from "./config";

test.describe("the e-mail subscribe prompt", () => {
  test("sits at the top of the home page, above the papers", async ({ page }) => {
    await page.goto("/");
    const prompt = page.getByTestId("subscribe-prompt");
    await expect(prompt).toBeVisible();
    await expect(prompt.getByRole("heading", { name: "Get trending papers in your inbox" })).toBeVisible();
    const promptBox = await prompt.boundingBox();
    const heading = await page.getByRole("heading", { level: 1, name: "Trending" }).boundingBox();
    expect(promptBox!.y + promptBox!.height).toBeLessThanOrEqual(heading!.y);
  });

  test("dismissed with JavaScript: at once, without a page load, and for good in this browser", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: /^Keyboard shortcuts/ })).toBeVisible(); // hydrated
    let documentLoads = 0;
    page.on("request", (request) => {
      if (request.resourceType() === "document") documentLoads++;
    });
    await page.getByRole("button", { name: "Dismiss: do not show this again" }).click();
    await expect(page.getByTestId("subscribe-prompt")).toHaveCount(0);
    expect(documentLoads).toBe(0);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Trending" })).toBeVisible();
    await expect(page.getByTestId("subscribe-prompt")).toHaveCount(0);
    // Also where else it shows: under a daily trending snapshot.
    await page.goto("/trending");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Trending on /);
    await expect(page.getByTestId("subscribe-prompt")).toHaveCount(0);
  });

  test("dismissed without JavaScript: a form post that remembers it", async ({ newPage }) => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/?category=cs.LG");
    await page.getByRole("button", { name: "Dismiss: do not show this again" }).click();
    await expect(page).toHaveURL(`${e2e.baseUrl}/?category=cs.LG`);
    await expect(page.getByRole("heading", { level: 1, name: "Trending" })).toBeVisible();
    await expect(page.getByTestId("subscribe-prompt")).toHaveCount(0);
    await page.goto("/");
    await expect(page.getByTestId("subscribe-prompt")).toHaveCount(0);
    // Another browser still sees it.
    const other = await newPage({ javaScriptEnabled: false });
    await other.goto("/");
    await expect(other.getByTestId("subscribe-prompt")).toBeVisible();
  });
});
