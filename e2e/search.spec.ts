import { expect, test } from "@playwright/test";

test.describe("search", () => {
  test("search from the header, with highlighted passages and filters", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Search papers" }).fill("reward model");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=reward\+model/);
    const first = page.getByTestId("paper-card").first();
    await expect(first).toHaveAttribute("data-arxiv-id", "2406.12845");
    await expect(page.getByTestId("snippet").first().locator("mark").first()).toBeVisible();

    await page.goto("/search?q=Transfromers");
    await expect(page.getByTestId("search-summary")).toContainText("showing results for “transformers”");
    expect(await page.getByTestId("paper-card").count()).toBeGreaterThan(0);

    const bad = await page.goto("/search?q=x&from=2024-02-30");
    expect(bad?.status()).toBe(200);
    await expect(page.getByRole("alert").filter({ hasText: "from:" })).toContainText("must be a real day");
  });

  test("author pages list an author's papers", async ({ page }) => {
    await page.goto("/papers/2406.12845");
    await page.getByTestId("paper-authors").getByRole("link", { name: "Haoxiang Wang" }).click();
    await expect(page).toHaveURL(/\/authors\/Haoxiang%20Wang$/);
    await expect(page.getByRole("heading", { name: "Haoxiang Wang" })).toBeVisible();
    await expect(page.locator('[data-arxiv-id="2406.12845"]')).toBeVisible();
    expect((await page.goto("/authors/Nobody%20Atall"))?.status()).toBe(404);
  });

  test("GET /api/search", async ({ request }) => {
    const result = await (await request.get("/api/search?q=%22reward+model%22+-mixture")).json();
    expect(result.items.map((item: { id: string }) => item.id)).not.toContain("2406.12845");
    const bad = await request.get("/api/search?q=");
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "q" });
  });
});
