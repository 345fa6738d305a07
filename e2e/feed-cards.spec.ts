import { expect, test, type Page } from "./fixtures";
import { invalidateAppCaches } from "./db";
import { makeSessions, upvoteAs } from "./sessions";

/**
 * The feed cards (components/paper-list.tsx): the abstract in place, authors as links, the
 * figure each feed is sorted by with its "why", /new by when and by whom a paper was added.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
/** A demo paper whose abstract names URLs; its first author's page lists it. */
const WITH_URLS = "2409.13648";
const FIRST_AUTHOR = "Penghao Wang";

async function orderFigures(page: Page): Promise<{ id: string; value: number; text: string }[]> {
  return page.getByTestId("paper-card").evaluateAll((cards) =>
    cards.map((card) => {
      const figure = card.querySelector("[data-testid=order-figure]");
      return {
        id: card.getAttribute("data-arxiv-id") ?? "",
        value: Number(figure?.getAttribute("data-order-value") ?? Number.NaN),
        text: figure?.textContent ?? "",
      };
    }),
  );
}

/** Sorting the cards by the figure each shows gives the page's own order. */
async function expectOrderExplainedByFigures(page: Page, what: string) {
  const cards = await orderFigures(page);
  expect(cards.length, `${what}: cards`).toBeGreaterThan(1);
  for (const card of cards) {
    expect(Number.isFinite(card.value), `${what}: ${card.id} shows a figure`).toBe(true);
    // The attribute is what the card prints, not a hidden number.
    expect(card.text, `${what}: ${card.id}`).toContain(String(card.value));
  }
  const sorted = [...cards].sort((a, b) => b.value - a.value);
  expect(
    sorted.map((card) => card.id),
    what,
  ).toEqual(cards.map((card) => card.id));
  const first = page.getByTestId("paper-card").first();
  await first.locator(".card-why > summary").click();
  await expect(first.getByTestId("order-why")).toBeVisible();
  return cards;
}

test.describe("feed cards", () => {
  for (const viewport of [DESKTOP, PHONE]) {
    test(`show the abstract's first lines, open it in place and close it by keyboard, without JavaScript (${viewport.width} px)`, async ({
      newPage,
    }) => {
      const page = await newPage({ viewport, javaScriptEnabled: false });
      await page.goto(`/authors/${encodeURIComponent(FIRST_AUTHOR)}`);
      const card = page.locator(`[data-arxiv-id="${WITH_URLS}"]`);
      const abstract = card.getByTestId("card-abstract");
      const summary = abstract.locator("summary");
      const full = abstract.locator(".card-abstract-text");
      await expect(summary).toContainText("Experiencing high-fidelity volumetric video");
      await expect(summary).toContainText("more");
      await expect(full).toBeHidden();
      // The preview is short: a few lines, however wide the screen.
      const closedHeight = (await abstract.boundingBox())!.height;
      expect(closedHeight).toBeLessThan(viewport.width < 500 ? 90 : 60);

      await summary.click();
      await expect(full).toBeVisible();
      await expect(summary.locator(".card-abstract-less")).toBeVisible();
      await expect(summary.locator(".card-abstract-preview")).toBeHidden();
      await expect(summary).toHaveAccessibleName("hide abstract");
      const link = full.getByRole("link", { name: "https://authoritywang.github.io/v3/" });
      await expect(link).toHaveAttribute("href", "https://authoritywang.github.io/v3/");
      await expect(link).toHaveAttribute("rel", "nofollow noopener");

      // Keyboard: the summary is focusable and Enter closes the abstract again.
      await summary.focus();
      await page.keyboard.press("Enter");
      await expect(full).toBeHidden();
      await page.keyboard.press("Space");
      await expect(full).toBeVisible();

      // Authors link to their pages; nothing overflows a phone's width.
      await expect(card.getByTestId("card-authors").getByRole("link", { name: FIRST_AUTHOR })).toHaveAttribute(
        "href",
        `/authors/${encodeURIComponent(FIRST_AUTHOR)}`,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // Every feed's cards carry the abstract.
      await page.goto("/");
      const cards = page.getByTestId("paper-card");
      expect(await cards.count()).toBeGreaterThan(5);
      await expect(cards.first().getByTestId("card-abstract")).toBeVisible();
      await expect(cards.first().getByTestId("card-authors").getByRole("link").first()).toHaveAttribute(
        "href",
        /^\/authors\//,
      );
    });
  }

  test("the trending feed, its snapshots and the daily, weekly and monthly tops are in the order of the figure each card shows", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    // A paper low on the list gets many votes from accounts that joined today: counted on the
    // card as votes, weighing nothing in the score, so raw votes and the order disagree.
    const before = (await (await request.get("/api/papers?feed=trending&limit=30")).json()).items as {
      id: string;
      trending: { votes24h: number };
    }[];
    const low = before.at(-1)!.id;
    await upvoteAs(request, await makeSessions("weightless", 40, { joinedDaysAgo: 0 }), low);

    await page.goto("/");
    const trending = await expectOrderExplainedByFigures(page, "trending");
    await expect(page.getByTestId("paper-card").first().getByTestId("order-why")).toContainText(
      /\d+ votes? in 24 h, \d+ votes? in 7 days, counted as/,
    );
    for (const card of trending) expect(card.text).toMatch(/^score \d+(\.\d+)?$/);
    const votes24h = await page
      .getByTestId("trend-explainer")
      .evaluateAll((rows) => rows.map((row) => Number(/\+(\d+) in 24 h/.exec(row.textContent ?? "")?.[1])));
    const lowIndex = trending.findIndex((card) => card.id === low);
    expect(lowIndex, "the weightless votes did not lift the paper to the top").toBeGreaterThan(0);
    expect(votes24h[lowIndex], "its raw votes are the most on the page").toBe(Math.max(...votes24h));
    // The raw votes would give another order: the figure, not the count, explains the page.
    expect([...votes24h].sort((a, b) => b - a)).not.toEqual(votes24h);

    await page.goto("/trending");
    await expectOrderExplainedByFigures(page, "snapshot");
    await expect(page.getByTestId("paper-card").first().getByTestId("order-why")).toContainText("00:00 UTC");

    await page.goto("/weekly");
    const weekly = await expectOrderExplainedByFigures(page, "weekly");
    expect(weekly[0]!.text).toMatch(/votes? this week$/);
    await page.goto("/monthly");
    await expectOrderExplainedByFigures(page, "monthly");

    // The daily top of the last day with several papers added.
    let day = new Date();
    for (let tries = 0; tries < 21; tries++, day = new Date(day.getTime() - 86_400_000)) {
      await page.goto(`/daily/${day.toISOString().slice(0, 10)}`);
      if ((await page.getByTestId("paper-card").count()) > 1) break;
    }
    const daily = await expectOrderExplainedByFigures(page, "daily");
    const upvotes = await page
      .getByTestId("paper-card")
      .evaluateAll((cards) => cards.map((card) => Number(card.querySelector(".upvote-count")?.textContent)));
    expect(daily.map((card) => card.value)).toEqual(upvotes);
  });

  test("/new lists papers in the order they were added here, and says when and by whom", async ({ page, sql }) => {
    const [submitter] = await makeSessions("adder", 1);
    const ids = ["1706.99991", "1706.99992"];
    try {
      // An old arXiv paper added just now by a reader, and one from the arXiv ingest three hours ago.
      await sql`insert into papers (arxiv_id, title, abstract, published_on, added_at, submitted_by_id)
        values (${ids[0]!}, 'An old paper added today', 'Old but new here.', '2017-06-12', now(), ${submitter!.userId}),
               (${ids[1]!}, 'Ingested three hours ago', 'From the ingest.', '2024-01-01', now() - interval '3 hours 5 minutes', null)`;
      await invalidateAppCaches(sql);
      const cards = page.getByTestId("paper-card");
      await expect(async () => {
        await page.goto("/new");
        await expect(cards.first()).toHaveAttribute("data-arxiv-id", ids[0]!, { timeout: 1000 });
      }).toPass();
      await expect(cards.first().getByTestId("card-added")).toHaveText(`· added just now by ${submitter!.userId}`);
      await expect(
        cards.first().getByTestId("card-added").getByRole("link", { name: submitter!.userId }),
      ).toHaveAttribute("href", `/u/${submitter!.userId}`);
      await expect(cards.first()).not.toContainText("2017");
      const ingested = page.locator(`[data-arxiv-id="${ids[1]}"]`);
      await expect(ingested.getByTestId("card-added")).toHaveText("· added 3 h ago by arXiv ingest");
      // Newest first, by the time each was added here (the <time> each card shows).
      const added = await page
        .locator("[data-testid=card-added] time")
        .evaluateAll((times) => times.map((time) => time.getAttribute("datetime")!));
      expect(added.length).toBeGreaterThan(10);
      expect([...added].sort().reverse()).toEqual(added);
    } finally {
      await sql`delete from papers where arxiv_id in ${sql(ids)}`;
      await invalidateAppCaches(sql);
    }
  });
});
