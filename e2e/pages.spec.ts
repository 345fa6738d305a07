import { expect, test } from "./fixtures";

test.describe("reading papers", () => {
  test("the home page is the trending feed, and every card explains itself", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Paperboard" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Trending", exact: true })).toBeVisible();
    const cards = page.getByTestId("paper-card");
    expect(await cards.count()).toBeGreaterThan(5);
    await expect(cards.first().getByTestId("trend-explainer")).toHaveText(/\+\d+ in 24 h · [\d.]+\/h/);
    await expect(cards.first().getByTestId("sparkline")).toBeVisible();
    await expect(page.getByRole("link", { name: "how the ranking works" })).toHaveAttribute("href", "/ranking");
  });

  test("all 54 demo papers are listed, newest first, across the new pages", async ({ page }) => {
    await page.goto("/new");
    await expect(page.getByTestId("paper-card")).toHaveCount(50);
    // A paper with no publication date still renders its card.
    await expect(page.locator('[data-arxiv-id="2409.13648"]')).toContainText("Penghao Wang");
    await page.getByRole("link", { name: "More →" }).click();
    await expect(page.getByTestId("paper-card")).toHaveCount(4);
    await expect(page.getByTestId("paper-card").first().locator("span").first()).toHaveText("51.");
  });

  test("a paper page shows the abstract, all authors, links and TeX read as a person expects", async ({ page }) => {
    await page.goto("/papers/2403.19521");
    await expect(page.getByTestId("paper-abstract")).toContainText("\u201cget_capital(X),\u201d");
    await expect(page.getByTestId("paper-abstract")).not.toContainText("``");
    await expect(page.getByRole("link", { name: "PDF" })).toHaveAttribute("href", "https://arxiv.org/pdf/2403.19521");
    await expect(page.getByRole("link", { name: "arXiv", exact: true })).toHaveAttribute(
      "href",
      "https://arxiv.org/abs/2403.19521",
    );

    await page.goto("/papers/2409.13648");
    await expect(page.locator("h1 sup")).toHaveText("3");
    await expect(page.getByText("publication date unknown")).toBeVisible();
    await expect(page.getByTestId("paper-authors")).toContainText("Lan Xu");
  });

  test("math in a title and abstract renders with KaTeX", async ({ page, sql }) => {
    try {
      await sql`insert into papers (arxiv_id, title, abstract)
        values ('2401.00001', 'Sorting in $O(n \\log n)$ time', 'We prove \\(\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\\) and $$e^{i\\pi}+1=0$$.')
        on conflict do nothing`;
      await page.goto("/papers/2401.00001");
      await expect(page.locator("h1 .katex")).toHaveCount(1);
      await expect(page.getByTestId("paper-abstract").locator(".katex")).toHaveCount(2);
      await expect(page.getByTestId("paper-abstract").locator(".katex-display")).toHaveCount(1);
      await expect(page.locator("h1")).not.toContainText("$");
    } finally {
      await sql`delete from papers where arxiv_id = '2401.00001'`;
    }
  });

  test("a versioned id leads to the paper's one URL", async ({ page }) => {
    await page.goto("/papers/2409.13648v2");
    await expect(page).toHaveURL(/\/papers\/2409\.13648$/);
  });

  for (const path of ["/papers/2101.99999", "/papers/not-an-arxiv-id", "/no-such-page"]) {
    test(`${path} is a real 404 page`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(page.getByRole("link", { name: /Back to/ })).toHaveAttribute("href", "/");
    });
  }

  test("reads on a 360-px phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/", "/papers/2409.13648"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  test("pages are rendered per request, never stored by shared caches, and compressed as the browser asks", async ({
    request,
  }) => {
    // The shared data comes from the app's own cache (e2e/shared-cache.spec.ts); the HTML is
    // made per request (it carries the reader's state, and a per-request CSP nonce).
    for (const headers of [{}, { cookie: "authjs.session-token=not-a-real-session" }] as Record<string, string>[]) {
      const response = await request.get("/", { headers: { "accept-encoding": "identity", ...headers } });
      expect(response.status()).toBe(200);
      expect(response.headers()["cache-control"]).not.toContain("public");
      expect(response.headers()["content-encoding"]).toBeUndefined();
      expect(await response.text()).toContain("Trending");
    }
    const compressed = await request.get("/", { headers: { "accept-encoding": "gzip" } });
    expect(compressed.headers()["content-encoding"]).toBe("gzip");
    expect(await compressed.text()).toContain("Trending");
  });

  test("pages without per-user content are prerendered; the header asks who is signed in", async ({
    request,
    page,
  }) => {
    const about = await request.get("/about");
    expect(about.status()).toBe(200);
    expect(about.headers()["x-nextjs-prerender"]).toBeTruthy();
    expect(await (await request.get("/api/me")).json()).toEqual({
      viewer: null,
      signIn: "github",
      unreadNotifications: 0,
    });
    await page.goto("/about");
    await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();
  });

  test("the health check reports the database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up" });
  });
});
