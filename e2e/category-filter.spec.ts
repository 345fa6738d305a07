import { expect, test } from "./fixtures";
import { invalidateAppCaches } from "./db";

/**
 * The demo papers have no categories, so this spec adds its own: 52 new papers in math.AG
 * (more than a page of /new) and two in cs.DL, and gives cs.DL to two trending papers.
 * Everything is put back afterwards, since the other specs count the demo papers.
 */
const AG = Array.from({ length: 52 }, (_, i) => `2501.${String(90000 + i).padStart(5, "0")}`);
const DL = ["2501.99000", "2501.99001"];
let trendingDl: string[] = [];

test.describe("the category filter", () => {
  test.beforeAll(async ({ request, sql }) => {
    const rows = [
      ...AG.map((arxivId, i) => ({
        arxiv_id: arxivId,
        title: `Algebraic geometry note ${i}`,
        categories: ["math.AG"],
        added_at: new Date(Date.now() - (i + 1) * 1000),
      })),
      ...DL.map((arxivId, i) => ({
        arxiv_id: arxivId,
        title: `Digital libraries ${i}`,
        categories: ["cs.DL", "cs.IR"],
        added_at: new Date(Date.now() - 60_000 - i * 1000),
      })),
    ];
    await sql`insert into papers ${sql(rows, "arxiv_id", "title", "categories", "added_at")}`;
    const trending = (await (await request.get("/api/papers?feed=trending&limit=10")).json()).items.map(
      (item: { id: string }) => item.id,
    );
    // The second and fourth trending papers: ranked 1 and 2 within cs.DL.
    trendingDl = [trending[1], trending[3]];
    await sql`update papers set categories = '{cs.DL}' where arxiv_id in ${sql(trendingDl)}`;
    await invalidateAppCaches(sql);
  });

  test.afterAll(async ({ sql }) => {
    await sql`delete from papers where arxiv_id in ${sql([...AG, ...DL])}`;
    await sql`update papers set categories = '{}' where arxiv_id in ${sql(trendingDl)}`;
    await invalidateAppCaches(sql);
  });

  test("narrows the new papers with a plain form, and keeps the category when paging", async ({ page }) => {
    await page.goto("/new");
    const filter = page.getByTestId("category-filter");
    await expect(filter.getByRole("option", { name: "math.AG (52)" })).toBeAttached();
    await filter.getByLabel("Category").selectOption("math.AG");
    await filter.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/\/new\?category=math\.AG$/);
    const cards = page.getByTestId("paper-card");
    await expect(cards).toHaveCount(50);
    expect(await cards.evaluateAll((list) => list.map((card) => card.getAttribute("data-arxiv-id")))).toEqual(
      AG.slice(0, 50),
    );
    await expect(page.getByTestId("category-note")).toContainText("only math.AG, ranked within it");
    await expect(page.getByTestId("feed-links").getByRole("link", { name: "RSS" })).toHaveAttribute(
      "href",
      "/feeds/new.rss?category=math.AG",
    );

    await page.getByRole("link", { name: "More →" }).click();
    await expect(page).toHaveURL(/\/new\?category=math\.AG&cursor=/);
    await expect(cards).toHaveCount(2);
    await expect(cards.first().locator("span").first()).toHaveText("51.");
    await expect(page.getByLabel("Category")).toHaveValue("math.AG");

    await page.getByRole("link", { name: "all categories" }).click();
    await expect(page).toHaveURL(/\/new$/);
    await expect(cards).toHaveCount(50);
  });

  test("works without JavaScript", async ({ newPage }) => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/new");
    await page.getByLabel("Category").selectOption("cs.DL");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/\/new\?category=cs\.DL$/);
    // The two added papers are the newest in cs.DL; the two trending ones follow.
    const shown = await page
      .getByTestId("paper-card")
      .evaluateAll((list) => list.map((card) => card.getAttribute("data-arxiv-id")));
    expect(shown.slice(0, 2)).toEqual(DL);
    expect([...shown.slice(2)].sort()).toEqual([...trendingDl].sort());
  });

  test("offers only the categories of the feed shown, with the counts it will show", async ({ page }) => {
    const options = () => page.getByTestId("category-filter").locator("option").allTextContents();
    // Trending: only the two trending papers have a category; the new ones have no votes.
    await expect(async () => {
      await page.goto("/");
      expect(await options()).toEqual(["all", "cs.DL (2)"]);
    }).toPass();
    await page.getByLabel("Category").selectOption("cs.DL");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("paper-card")).toHaveCount(2);
    // New lists every paper: each category with all its papers.
    await page.goto("/new");
    expect(await options()).toEqual(expect.arrayContaining(["math.AG (52)", "cs.DL (4)", "cs.IR (2)"]));
    // Today's papers: the 54 added by this spec (and whatever else was added today).
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`/daily/${today}`);
    const daily = await options();
    expect(daily).toEqual(expect.arrayContaining(["math.AG (52)", "cs.IR (2)"]));
    await page.getByLabel("Category").selectOption("math.AG");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("paper-card")).toHaveCount(30);
    await expect(page.getByRole("link", { name: "More →" })).toBeVisible();
  });

  test("ranks trending papers within the category, and says so", async ({ page, request }) => {
    await page.goto("/?category=cs.DL");
    const cards = page.getByTestId("paper-card");
    await expect(cards).toHaveCount(2);
    expect(await cards.evaluateAll((list) => list.map((card) => card.getAttribute("data-arxiv-id")))).toEqual(
      trendingDl,
    );
    await expect(cards.nth(0).locator("span").first()).toHaveText("1.");
    await expect(cards.nth(1).locator("span").first()).toHaveText("2.");
    await expect(page.getByTestId("category-note")).toContainText("only cs.DL, ranked within it");
    await expect(page.getByLabel("Category")).toHaveValue("cs.DL");

    const api = await (await request.get("/api/papers?feed=trending&category=cs.DL")).json();
    expect(api.items.map((item: { id: string; trending: { rank: number } }) => [item.id, item.trending.rank])).toEqual([
      [trendingDl[0], 1],
      [trendingDl[1], 2],
    ]);
  });

  test("the API filters every feed and names a malformed category", async ({ request }) => {
    const ids = async (query: string) =>
      (await (await request.get(`/api/papers?${query}`)).json()).items.map((item: { id: string }) => item.id);
    expect(await ids("feed=new&category=cs.IR")).toEqual(DL);
    expect((await ids("feed=new&category=math.AG&limit=100")).length).toBe(52);
    const today = new Date(Date.now() - 60_000).toISOString().slice(0, 10);
    expect(await ids(`feed=daily&date=${today}&category=cs.IR`)).toEqual(expect.arrayContaining(DL));
    const bad = await request.get("/api/papers?feed=new&category=cs%20LG");
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "category" });
    expect((await request.get("/feeds/new.atom?category=math.AG")).status()).toBe(200);
  });
});
