import { expect, test, type Page } from "./fixtures";

/** Opens a feed and waits until the shortcuts are live (the hint appears once hydrated). */
async function openFeed(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("button", { name: /^Keyboard shortcuts/ })).toBeVisible();
}

test.describe("keyboard shortcuts on feeds", () => {
  test("j and k move the selection, o opens the selected paper", async ({ page }) => {
    await openFeed(page, "/");
    const cards = page.getByTestId("paper-card");
    expect(await cards.count()).toBeGreaterThan(2);
    const [first, second] = await cards.evaluateAll((list) =>
      list.slice(0, 2).map((card) => card.getAttribute("data-arxiv-id")),
    );

    await page.keyboard.press("j");
    await expect(cards.nth(0)).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("j");
    await expect(cards.nth(1)).toHaveAttribute("data-selected", "true");
    await expect(cards.nth(0)).not.toHaveAttribute("data-selected");
    // The selected paper's title link has the focus, so assistive technology follows along.
    await expect(cards.nth(1).locator("[data-paper-link]")).toBeFocused();
    expect(second).toBeTruthy();
    await page.keyboard.press("k");
    await expect(cards.nth(0)).toHaveAttribute("data-selected", "true");
    await expect(cards.nth(1)).not.toHaveAttribute("data-selected");

    await page.keyboard.press("o");
    await expect(page).toHaveURL(new RegExp(`/papers/${first!.replace(".", "\\.")}$`));
  });

  test("after o and Back, the selection returns to the card it left", async ({ page }) => {
    await openFeed(page, "/new");
    const cards = page.getByTestId("paper-card");
    for (let i = 0; i < 3; i++) await page.keyboard.press("j");
    await expect(cards.nth(2)).toHaveAttribute("data-selected", "true");
    const third = await cards.nth(2).getAttribute("data-arxiv-id");
    await page.keyboard.press("o");
    await expect(page).toHaveURL(new RegExp(`/papers/${third!.replace(".", "\\.")}$`));
    await page.goBack();
    await expect(page).toHaveURL(/\/new$/);
    await expect(cards.nth(2)).toHaveAttribute("data-selected", "true");
    await expect(page.locator("[data-selected]")).toHaveCount(1);
    await expect(cards.nth(2).locator("[data-paper-link]")).toBeFocused();
    // j continues from there.
    await page.keyboard.press("j");
    await expect(cards.nth(3)).toHaveAttribute("data-selected", "true");
    // A fresh visit of the feed starts without a selection.
    await page.goto("/new");
    await expect(page.getByRole("button", { name: /^Keyboard shortcuts/ })).toBeVisible();
    await expect(page.locator("[data-selected]")).toHaveCount(0);
  });

  test("j scrolls the selection into view", async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 400 });
    await openFeed(page, "/");
    for (let i = 0; i < 8; i++) await page.keyboard.press("j");
    await expect(page.getByTestId("paper-card").nth(7)).toBeInViewport();
  });

  test("? opens the help dialog and Escape closes it", async ({ page }) => {
    await openFeed(page, "/new");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toBeHidden();
    await page.keyboard.press("?");
    await expect(help).toBeVisible();
    await expect(help.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
    await expect(help).toContainText("Upvote the selected paper");
    // Keys do nothing else while the help is open.
    await page.keyboard.press("j");
    await expect(page.locator("[data-selected]")).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
  });

  test("u upvotes through the card's own control: signed out, that is sign-in", async ({ page }) => {
    await openFeed(page, "/new");
    await page.keyboard.press("j");
    await page.keyboard.press("u");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fnew$/);
  });

  test("keys typed into a field or with a modifier are left alone", async ({ page }) => {
    await openFeed(page, "/trending");
    await page.getByLabel("Go to").focus();
    await page.keyboard.press("j");
    await page.keyboard.press("?");
    await expect(page.locator("[data-selected]")).toHaveCount(0);
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Control+j");
    await expect(page.locator("[data-selected]")).toHaveCount(0);
    await page.keyboard.press("j");
    await expect(page.locator("[data-selected]")).toHaveCount(1);
  });
});
