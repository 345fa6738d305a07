import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { makeSessions } from "./sessions";

const FEEDS = ["Trending", "Daily", "Weekly", "Monthly", "New"];

test.describe("the site header", () => {
  test("one scheme of feeds: Trending, Daily, Weekly, Monthly, New", async ({ page }) => {
    await page.goto("/about");
    const nav = page.getByRole("navigation", { name: "Feeds" });
    await expect(nav.getByRole("link")).toHaveText(FEEDS);
    await expect(page.getByRole("link", { name: "Past days" })).toHaveCount(0);
  });

  for (const signedIn of [false, true]) {
    test(`on a 360-px phone: at most 64 px tall, the feeds on one line (${signedIn ? "signed in" : "signed out"})`, async ({
      newPage,
    }) => {
      const viewport = { width: 360, height: 740 };
      const page = await newPage({
        viewport,
        cookie: signedIn ? (await makeSessions("header", 1))[0]!.cookie : undefined,
      });
      for (const path of ["/", "/papers/2409.13648", "/weekly"]) {
        await page.goto(path);
        await expect(page.locator("[data-account-ready]")).toHaveCount(1);
        const header = await page.getByTestId("site-header").boundingBox();
        expect(header!.height, path).toBeLessThanOrEqual(64);
        const links = page.getByRole("navigation", { name: "Feeds" }).getByRole("link");
        await expect(links).toHaveText(FEEDS);
        const tops = await links.evaluateAll((list) =>
          list.map((link) => Math.round(link.getBoundingClientRect().top)),
        );
        expect(new Set(tops).size, `${path}: ${tops.join(", ")}`).toBe(1);
        // Every feed is on the screen, not scrolled away.
        for (const link of await links.all()) await expect(link).toBeInViewport({ ratio: 1 });
        // Search is an icon link on a phone.
        await expect(page.getByRole("link", { name: "Search papers" })).toHaveAttribute("href", "/search");
        await expect(page.getByRole("searchbox", { name: "Search papers" })).toBeHidden();
      }
    });
  }

  test("'Skip to content' is the first thing Tab reaches, shows itself and moves to the main content", async ({
    page,
  }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    const box = await skip.boundingBox();
    expect(box!.width).toBeGreaterThan(40);
    expect(box!.height).toBeGreaterThan(16);
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    // The next Tab goes into the page, past the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
  });

  test("one date format: the trending snapshots are reached from Trending and named like every date", async ({
    page,
  }) => {
    await page.goto("/");
    const periods = page.getByRole("navigation", { name: "Periods" });
    const previous = periods.getByRole("link", { name: /^← \d{1,2} [A-Z][a-z]{2,3} \d{4}$/ });
    await expect(previous).toHaveAttribute("href", /^\/trending\/\d{4}-\d{2}-\d{2}$/);
    await previous.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Trending on \d{1,2} [A-Z][a-z]{2,3} \d{4}$/);
    // The latest snapshot leads on to the live feed.
    await page.getByRole("navigation", { name: "Periods" }).getByRole("link", { name: "now →" }).click();
    await expect(page).toHaveURL(`${e2e.baseUrl}/`);
    // Old URLs keep working: /trending opens the latest snapshot.
    await page.goto("/trending");
    await expect(page).toHaveURL(/\/trending\/\d{4}-\d{2}-\d{2}$/);
  });
});

test.describe("without JavaScript, signed in", () => {
  test("the header shows the account menu, and signing out works", async ({ newPage, sql }) => {
    const [user] = await makeSessions("header", 1);
    const page = await newPage({ cookie: user!.cookie, javaScriptEnabled: false });
    await page.goto("/papers/2409.13648");
    const banner = page.getByRole("banner");
    await expect(banner.getByRole("link", { name: "Sign in" })).toHaveCount(0);
    const menu = banner.getByTestId("user-menu");
    await menu.locator("summary").click();
    await expect(menu.getByRole("link", { name: "Profile" })).toHaveAttribute("href", `/u/${user!.userId}`);
    await expect(menu.getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/settings");
    await menu.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);

    await page.getByRole("banner").getByTestId("user-menu").locator("summary").click();
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${e2e.baseUrl}/`);
    await expect(page.getByRole("banner").getByTestId("user-menu")).toHaveCount(0);
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    const [row] = await sql<
      { sessions: number }[]
    >`select count(*)::int as sessions from sessions where user_id = ${user!.userId}`;
    expect(row!.sessions).toBe(0);
  });
});
