import { expect, test } from "./fixtures";

test.describe("citing a paper", () => {
  test("the paper page shows its BibTeX, and the button copies it", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/papers/2403.19521");
    const block = page.getByTestId("bibtex");
    await expect(block).toBeVisible();
    const text = (await block.textContent())!;
    expect(text).toMatch(/^@misc\{[a-z]+\d{4}[a-z0-9]*,\n/);
    expect(text).toContain("eprint={2403.19521}");
    expect(text).toContain("archivePrefix={arXiv}");
    expect(text).toContain("url={https://arxiv.org/abs/2403.19521}");
    // The abstract's TeX escapes are kept as LaTeX, never shown as HTML.
    expect(text).not.toContain("&amp;");

    const copy = page.getByRole("region", { name: "Cite (BibTeX)" }).getByRole("button");
    await expect(copy).toHaveText("Copy");
    await copy.click();
    await expect(copy).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  });

  test("a paper without a date has no year, and the text is there without JavaScript", async ({ newPage }) => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/papers/2409.13648");
    const block = page.getByTestId("bibtex");
    await expect(block).toContainText("@misc{wang");
    await expect(block).toContainText("title={V\\textsuperscript{3}:");
    await expect(block).not.toContainText("year=");
    // Without JavaScript a copy button would do nothing, so there is none.
    await expect(page.getByRole("button", { name: "Copy" })).toHaveCount(0);
  });
});
