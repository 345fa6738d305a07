import { expect, test } from "./fixtures";
import { invalidateAppCaches } from "./db";

/** Not in the demo data: added for the ranking and snippet checks, removed afterwards. */
const ATTENTION = "1706.03762";
const ATTENTION_ABSTRACT =
  "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. " +
  "We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. " +
  'Self-attention costs $O(n^2 \\cdot d)$ per layer, as M\\"uller noted, and the model reaches 28.4 BLEU on the WMT 2014 ' +
  "English-to-German translation task, improving over the existing best results by over 2 BLEU. " +
  "We show that the Transformer generalizes well to other tasks by applying it successfully to English constituency parsing.";

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

  test("an exact title ranks first; snippets are plain text cut at words; the count is shown; the header keeps the query", async ({
    page,
    sql,
  }) => {
    try {
      const [paper] = await sql`insert into papers (arxiv_id, title, abstract, published_on, upvotes)
        values (${ATTENTION}, 'Attention Is All You Need', ${ATTENTION_ABSTRACT}, '2017-06-12', 40) returning id`;
      await sql`insert into paper_authors (paper_id, position, name) values (${paper!.id}, 0, 'Ashish Vaswani')`;
      await invalidateAppCaches(sql);

      await page.goto("/");
      await page.locator("#header-search").fill("attention");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/search\?q=attention$/);
      const cards = page.getByTestId("paper-card");
      await expect(cards.first()).toHaveAttribute("data-arxiv-id", ATTENTION);
      await expect(page.locator("#header-search")).toHaveValue("attention");
      const count = await page.getByTestId("search-count").textContent();
      expect(count).toMatch(/^\d+ results$/);
      expect(Number(count!.split(" ")[0])).toBeGreaterThanOrEqual(await cards.count());

      await page.goto("/search?q=Attention%20is%20all%20you%20need");
      await expect(cards.first()).toHaveAttribute("data-arxiv-id", ATTENTION);
      await expect(page.locator("#header-search")).toHaveValue("Attention is all you need");

      await page.goto("/search?q=self-attention%20layer%20costs");
      const snippet = page.locator(`[data-arxiv-id="${ATTENTION}"]`).getByTestId("snippet");
      const text = (await snippet.textContent())!;
      expect(text).toContain("O(n² · d)");
      expect(text).toContain("Müller");
      expect(text).not.toMatch(/[$\\]/);
      // Cut at word boundaries, with an ellipsis where the passage leaves the abstract.
      expect(text).toMatch(/(^… |\s…$)/);
      for (const piece of text
        .split("…")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const plain =
          "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. Self-attention costs O(n² · d) per layer, as Müller noted, and the model reaches 28.4 BLEU on the WMT 2014 English-to-German translation task, improving over the existing best results by over 2 BLEU. We show that the Transformer generalizes well to other tasks by applying it successfully to English constituency parsing.";
        const at = plain.indexOf(piece);
        expect(at, piece).toBeGreaterThanOrEqual(0);
        expect(at === 0 || plain[at - 1] === " ", `starts at a word: ${piece}`).toBe(true);
        const end = at + piece.length;
        expect(end === plain.length || /[\s.,]/.test(plain[end]!), `ends at a word: ${piece}`).toBe(true);
      }
      // The whole abstract opens in place, rendered (KaTeX), under the snippet.
      await snippet.click();
      await expect(page.locator(`[data-arxiv-id="${ATTENTION}"] .card-abstract-text .katex`)).toBeVisible();

      // Elsewhere the header box is empty.
      await page.goto("/new");
      await expect(page.locator("#header-search")).toHaveValue("");
    } finally {
      await sql`delete from papers where arxiv_id = ${ATTENTION}`;
      await invalidateAppCaches(sql);
    }
  });

  test("the header keeps the query without JavaScript too", async ({ newPage }) => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/search?q=reward%20model");
    await expect(page.locator("#header-search")).toHaveValue("reward model");
    await expect(page.getByTestId("search-count")).toHaveText(/^\d+ results?$/);
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
