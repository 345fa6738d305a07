import { expect, test, type Locator } from "./fixtures";
import { e2e } from "./config";
import { makeSessions } from "./sessions";

/** WCAG 2.5.8's minimum target, and what the issue asked for on phones. */
const MIN = 24;

async function expectTapTargets(targets: Locator, what: string) {
  const count = await targets.count();
  expect(count, what).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const box = await targets.nth(i).boundingBox();
    expect(box, `${what} #${i}`).not.toBeNull();
    expect(box!.height, `${what} #${i} height`).toBeGreaterThanOrEqual(MIN);
    expect(box!.width, `${what} #${i} width`).toBeGreaterThanOrEqual(MIN);
  }
}

test.describe("on a 360-px phone, every small control is at least 24 × 24 px", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("cards: the vote button, 'discuss' / comments and 'code'", async ({ page }) => {
    await page.goto("/new");
    const cards = page.getByTestId("paper-card");
    await expectTapTargets(cards.locator("[data-upvote-control]"), "upvote");
    await expectTapTargets(cards.locator('a[href$="#discussion"]'), "discuss");
    await expectTapTargets(cards.getByRole("link", { name: "code", exact: true }), "code");
  });

  test("a paper page: its vote button and the comment actions", async ({ newPage, request }) => {
    const [reader, writer] = await makeSessions("tap", 2);
    const paper = "2309.10910";
    const posted = await request.post(`/api/papers/${paper}/comments`, {
      data: { body: "A comment to act on." },
      headers: { origin: e2e.baseUrl, cookie: writer!.cookie, "content-type": "application/json" },
    });
    expect(posted.status()).toBe(201);
    const { id } = (await posted.json()) as { id: number };

    const page = await newPage({ cookie: reader!.cookie, viewport: { width: 360, height: 740 } });
    await page.goto(`/papers/${paper}`);
    await expectTapTargets(page.locator("article [data-upvote-control]").first(), "paper upvote");
    const comment = page.locator(`#comment-${id}`);
    await expectTapTargets(comment.locator("details > summary").first(), "collapse toggle");
    await expectTapTargets(comment.getByRole("button", { name: "Upvote comment" }), "comment upvote");
    for (const action of ["reply", "report"])
      await expectTapTargets(comment.getByText(action, { exact: true }), action);
  });
});

test("the vote-history chart shows only when the paper has votes", async ({ page, sql }) => {
  try {
    await sql`insert into papers (arxiv_id, title, abstract) values ('2401.00002', 'A paper nobody voted for yet', 'Nothing.') on conflict do nothing`;
    await page.goto("/papers/2401.00002");
    await expect(page.getByTestId("upvote-count")).toHaveText("0");
    await expect(page.getByTestId("vote-history")).toHaveCount(0);
    const [voted] = await sql<
      { arxiv_id: string }[]
    >`select arxiv_id from papers where upvotes > 0 order by upvotes desc limit 1`;
    await page.goto(`/papers/${voted!.arxiv_id}`);
    await expect(page.getByTestId("vote-history")).toBeVisible();
  } finally {
    await sql`delete from papers where arxiv_id = '2401.00002'`;
  }
});
