import { expect, test, type APIRequestContext } from "./fixtures";
import { makeSessions, upvoteAs } from "./sessions";
import { cronAuth, expectCronSecretRequired } from "./cron";

async function trendingIds(request: APIRequestContext): Promise<string[]> {
  const response = await request.get("/api/papers?feed=trending&limit=100");
  expect(response.status()).toBe(200);
  return (await response.json()).items.map((item: { id: string }) => item.id);
}

test.describe("the trending feed", () => {
  test("follows votes cast now by established accounts, not a burst of new ones", async ({ page, request }) => {
    const before = await trendingIds(request);
    const all = (await (await request.get("/api/papers?feed=new&limit=100")).json()).items.map(
      (item: { id: string }) => item.id,
    );
    const [quietForNewcomers, quietForRegulars] = all.filter((id: string) => !before.includes(id));
    expect(quietForRegulars, "two papers that are not trending").toBeDefined();

    // 60 accounts that joined today: their votes weigh nothing yet.
    await upvoteAs(request, await makeSessions("burst", 60, { joinedDaysAgo: 0 }), quietForNewcomers!);
    expect(await trendingIds(request)).not.toContain(quietForNewcomers);

    // 60 established accounts: the paper goes straight to the top.
    await upvoteAs(request, await makeSessions("regular", 60, { joinedDaysAgo: 90 }), quietForRegulars!);
    await page.goto("/");
    const first = page.getByTestId("paper-card").first();
    await expect(first).toHaveAttribute("data-arxiv-id", quietForRegulars!);
    await expect(first.getByTestId("trend-explainer")).toContainText("+60 in 24 h · 2.5/h");
    await expect(first.getByTestId("trend-explainer")).toContainText("new");

    const api = await (await request.get("/api/papers?feed=trending&limit=1")).json();
    expect(api.items[0]).toMatchObject({
      id: quietForRegulars,
      trending: { rank: 1, votes24h: 60, votesPerHour: 2.5 },
    });
    expect(api.items[0].trending.score).toBeGreaterThan(50);
    expect(typeof api.nextCursor).toBe("string");
  });

  test("the daily trending page moves between days", async ({ page, request }) => {
    await page.goto("/trending");
    await expect(page).toHaveURL(/\/trending\/\d{4}-\d{2}-\d{2}$/);
    const latest = page.url().slice(-10);
    await expect(page.getByRole("heading", { name: /^Trending on / })).toBeVisible();
    expect(await page.getByTestId("paper-card").count()).toBeGreaterThan(0);

    // Days are named in the site's one date format, "4 Dec 2026".
    const dayName = (day: string) =>
      new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      });
    await page.getByRole("link", { name: /^← \d{1,2} [A-Z][a-z]{2,3} \d{4}$/ }).click();
    await expect(page).not.toHaveURL(new RegExp(`${latest}$`));
    const previous = page.url().slice(-10);
    expect(previous < latest).toBe(true);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Trending on ${dayName(previous)}`);
    await page.getByRole("link", { name: `${dayName(latest)} →`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/trending/${latest}$`));

    // The date picker is a plain GET form.
    await page.getByLabel("Go to").fill(previous);
    await page.getByRole("button", { name: "Go" }).click();
    await expect(page).toHaveURL(new RegExp(`/trending/${previous}$`));

    const snapshot = await (await request.get(`/api/trending/${previous}`)).json();
    const shown = await page
      .getByTestId("paper-card")
      .evaluateAll((cards) => cards.map((card) => card.getAttribute("data-arxiv-id")));
    expect(shown).toEqual(snapshot.items.slice(0, 30).map((item: { id: string }) => item.id));
    expect((await request.get("/api/trending/2026-02-30")).status()).toBe(400);
    expect((await request.get("/api/trending/1999-01-01")).status()).toBe(404);
  });

  test("daily, weekly and monthly pages and their API", async ({ page, request }) => {
    await page.goto("/weekly");
    await expect(page).toHaveURL(/\/weekly\/\d{4}-W\d{2}$/);
    await expect(page.getByRole("heading", { name: /^Top of Week/ })).toBeVisible();
    expect(await page.getByTestId("paper-card").count()).toBeGreaterThan(0);
    await page.goto("/monthly");
    await expect(page.getByRole("heading", { name: /^Top of / })).toBeVisible();
    await page.goto("/daily");
    await expect(page).toHaveURL(/\/daily\/\d{4}-\d{2}-\d{2}$/);
    expect((await page.goto("/daily/2026-02-30"))?.status()).toBe(404);

    const bad = await request.get("/api/papers?feed=weekly&week=2026-W60");
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "week" });
    expect((await request.get("/api/papers?feed=trending&limit=500")).status()).toBe(400);
  });

  test("a paper page shows its vote history and best daily rank", async ({ page, request }) => {
    await page.goto("/trending");
    const snapshotDay = page.url().slice(-10);
    const top = (await (await request.get(`/api/trending/${snapshotDay}`)).json()).items[0];
    await page.goto(`/papers/${top.id}`);
    await expect(page.getByTestId("vote-history")).toBeVisible();
    await expect(page.getByTestId("best-rank")).toContainText("Best daily trending rank: #1");
  });

  test("an external scheduler triggers the snapshot job with CRON_SECRET", async ({ request }) => {
    await expectCronSecretRequired(request, "/api/cron/trending");
    const caughtUp = await request.post("/api/cron/trending", { headers: cronAuth });
    expect(caughtUp.status()).toBe(200);
    expect(await caughtUp.json()).toEqual({ written: [] });
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const before = await (await request.get(`/api/trending/${day}`)).json();
    const rewritten = await request.post(`/api/cron/trending?date=${day}`, { headers: cronAuth });
    expect(await rewritten.json()).toMatchObject({ written: [day] });
    const after = await (await request.get(`/api/trending/${day}`)).json();
    expect(after.items.map((item: { id: string }) => item.id)).toEqual(
      before.items.map((item: { id: string }) => item.id),
    );
    expect((await request.post("/api/cron/trending?date=2026-02-30", { headers: cronAuth })).status()).toBe(400);
  });
});
