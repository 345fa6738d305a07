import { expect, test } from "./fixtures";

/**
 * A long discussion is shown a page of whole threads at a time (lib/discussion/comment-pages.ts), and a
 * link to a comment opens the page that holds it.
 */
const PAPER = "2107.11817";
const ROOTS_WITH_REPLY = 60;
const LONE_ROOTS = 10;
const TOTAL = ROOTS_WITH_REPLY * 2 + LONE_ROOTS;

test.describe("pages of a long discussion", () => {
  let lastRootId = 0;

  test.beforeAll(async ({ sql }) => {
    const [author] = await sql<{ id: string }[]>`select id from users order by id limit 1`;
    // Written directly (the rate limit would take an hour through the UI), oldest first, so the
    // "best" order (all without votes: oldest first) is the order of i.
    const roots = await sql<{ id: number }[]>`
      insert into comments (paper_id, author_id, body, depth, created_at)
      select p.id, ${author!.id}, 'Thread ' || i || ' opens here.', 0, now() - make_interval(mins => 1000 - i)
      from generate_series(1, ${ROOTS_WITH_REPLY + LONE_ROOTS}::int) as i, papers p where p.arxiv_id = ${PAPER}
      order by i returning id`;
    await sql`
      insert into comments (paper_id, author_id, body, depth, parent_id, created_at)
      select c.paper_id, c.author_id, 'A reply to ' || c.body, 1, c.id, c.created_at + interval '10 seconds'
      from comments c where c.id = any(${roots.slice(0, ROOTS_WITH_REPLY).map((row) => row.id)}::int[])`;
    await sql`update papers set comment_count = (select count(*) from comments where paper_id = papers.id) where arxiv_id = ${PAPER}`;
    lastRootId = roots.at(-1)!.id;
    // What every writer does after a write: tell the app servers' caches (lib/cache/shared-cache.ts).
    await sql`select pg_notify('paperboard_cache', ${JSON.stringify({ tags: [`paper:${PAPER}`, "feeds"] })})`;
  });

  test("at most 100 comments a page, whole threads, with links both ways; a comment link opens its page", async ({
    page,
  }) => {
    await page.goto(`/papers/${PAPER}`);
    await expect(page.getByText(`${TOTAL} comments`, { exact: true })).toBeVisible();
    const pages = page.getByTestId("thread-pages");
    await expect(pages).toContainText("Page 1 of 2");
    const first = await page.getByTestId("comment").count();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(100);
    // Whole threads: every thread on the page has its reply (top-level comments are even in number).
    expect(first % 2).toBe(0);
    await expect(page.getByText("Thread 1 opens here.", { exact: true })).toBeVisible();
    await expect(page.getByText(`Thread ${ROOTS_WITH_REPLY + LONE_ROOTS} opens here.`, { exact: true })).toHaveCount(0);

    await pages.getByRole("link", { name: "More comments →" }).click();
    await expect(page).toHaveURL(new RegExp(`/papers/${PAPER}\\?comments=best&page=2#discussion$`));
    await expect(pages).toContainText("Page 2 of 2");
    expect(first + (await page.getByTestId("comment").count())).toBe(TOTAL);
    await expect(pages.getByRole("link", { name: "More comments →" })).toHaveCount(0);
    await pages.getByRole("link", { name: "← Previous comments" }).click();
    await expect(pages).toContainText("Page 1 of 2");

    // The permalink of a comment on page 2, followed from page 1's URL space.
    await page.goto(`/papers/${PAPER}?comment=${lastRootId}#comment-${lastRootId}`);
    await expect(page.locator(`#comment-${lastRootId}`)).toBeInViewport();
    await expect(pages).toContainText("Page 2 of 2");
    await expect(page.locator(`#comment-${lastRootId}`).getByRole("link", { name: /ago/ })).toHaveAttribute(
      "href",
      `/papers/${PAPER}?comment=${lastRootId}#comment-${lastRootId}`,
    );
  });

  test("a page past the end shows the last page, a malformed one the first", async ({ page }) => {
    expect((await page.goto(`/papers/${PAPER}?page=99`))?.status()).toBe(200);
    await expect(page.getByTestId("thread-pages")).toContainText("Page 2 of 2");
    expect((await page.goto(`/papers/${PAPER}?page=x%00&comment=-1`))?.status()).toBe(200);
    await expect(page.getByTestId("thread-pages")).toContainText("Page 1 of 2");
  });
});
