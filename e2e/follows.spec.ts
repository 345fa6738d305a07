import { expect, test, type NewPageOptions, type Page } from "./fixtures";
import { e2e } from "./config";
import { PaperPage } from "./pages/paper-page";
import { makeApiToken, makeSessions } from "./sessions";

/**
 * Following and the reading list (docs/FOLLOWS.md), end to end in Chromium: each flow
 * without JavaScript (plain forms to server actions), the `s` shortcut with it, the exports
 * parsed back, and the Following feed through the API with a personal token.
 */

const AUTHOR = "Haoxiang Wang";
const AUTHOR_PAPER = "2406.12845";

/** A page signed in as a new reader (users named after `prefix`). */
async function readerPage(
  newPage: (options?: NewPageOptions) => Promise<Page>,
  prefix: string,
  options: NewPageOptions = {},
) {
  const [caller] = await makeSessions(prefix, 1);
  return newPage({ ...options, cookie: caller!.cookie });
}

/** A minimal BibTeX reader: entries, their keys and fields, braces balanced. */
function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> }[] {
  const entries: { type: string; key: string; fields: Record<string, string> }[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf("@", at);
    if (start < 0) break;
    const head = /^@(\w+)\{([^,\s]+),/.exec(text.slice(start));
    if (!head) throw new Error(`malformed entry at ${start}`);
    let index = start + head[0].length;
    const fields: Record<string, string> = {};
    for (;;) {
      const field = /^\s*(\w+)=\{/.exec(text.slice(index));
      if (!field) break;
      index += field[0].length;
      let depth = 1;
      let value = "";
      while (depth > 0) {
        const character = text[index++];
        if (character === undefined) throw new Error("unbalanced braces");
        if (character === "{") depth += 1;
        else if (character === "}") depth -= 1;
        if (depth > 0) value += character;
      }
      fields[field[1]!.toLowerCase()] = value;
      const rest = /^\s*,?/.exec(text.slice(index))!;
      index += rest[0].length;
    }
    const close = /^\s*\}/.exec(text.slice(index));
    if (!close) throw new Error(`entry ${head[2]} is not closed`);
    at = index + close[0].length;
    entries.push({ type: head[1]!, key: head[2]!, fields });
  }
  return entries;
}

test.describe("following, without JavaScript", () => {
  test("follow an author on their page; the paper is on /following, saying why", async ({ newPage }) => {
    const page = await readerPage(newPage, "follow-nojs", { javaScriptEnabled: false });

    await page.goto("/following");
    await expect(page.getByText(/You follow no author or category yet/)).toBeVisible();

    await page.goto(`/authors/${encodeURIComponent(AUTHOR)}`);
    const followers = Number((await page.getByTestId("author-followers").innerText()).split(" ")[0]);
    await page.getByRole("button", { name: `Follow ${AUTHOR}` }).click();
    await expect(page).toHaveURL(new RegExp(`/authors/${encodeURIComponent(AUTHOR).replace(/%/g, "%")}$`));
    await expect(page.getByRole("button", { name: `Unfollow ${AUTHOR}` })).toBeVisible();
    await expect(page.getByTestId("author-followers")).toHaveText(
      followers + 1 === 1 ? "1 follower" : `${followers + 1} followers`,
    );

    await page.goto("/following");
    const card = page.locator(`[data-testid="paper-card"][data-arxiv-id="${AUTHOR_PAPER}"]`);
    await expect(card).toBeVisible();
    await expect(card.getByTestId("followed-because")).toHaveText(`by ${AUTHOR}`);
    await expect(page.getByTestId("follows-summary")).toContainText("You follow 1 author, 0 categories");

    await page.getByRole("link", { name: "manage what you follow" }).click();
    await expect(page.getByTestId("followed-authors")).toContainText(AUTHOR);
    // A category from the form: followed, then unfollowed.
    await page.getByLabel("Follow a category").fill("cs.ZZ");
    await page.getByRole("button", { name: "Follow", exact: true }).click();
    await expect(page.getByTestId("followed-categories")).toContainText("cs.ZZ");
    await page.getByTestId("followed-categories").getByRole("button", { name: "Unfollow cs.ZZ" }).click();
    await expect(page.getByTestId("followed-categories")).toHaveCount(0);

    // Unfollow from the list: the paper leaves the feed.
    await page
      .getByTestId("followed-authors")
      .getByRole("button", { name: `Unfollow ${AUTHOR}` })
      .click();
    await expect(page.getByTestId("followed-authors")).toHaveCount(0);
    await page.goto("/following");
    await expect(card).toHaveCount(0);
  });

  test("a comment follows the discussion; unfollowing from the paper page sticks", async ({ newPage }) => {
    const page = await readerPage(newPage, "discussion-nojs", { javaScriptEnabled: false });
    const paper = new PaperPage(page, AUTHOR_PAPER);
    await paper.goto();
    await expect(page.getByRole("button", { name: "Follow this discussion" })).toBeVisible();
    await paper.postComment("Following this one by taking part.");
    await expect(page.getByTestId("comment-body").getByText("Following this one by taking part.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Unfollow this discussion" })).toBeVisible();
    await page.getByRole("button", { name: "Unfollow this discussion" }).click();
    await expect(page.getByRole("button", { name: "Follow this discussion" })).toBeVisible();
    await page.goto("/following/manage");
    await expect(page.getByText("None: commenting on a paper or submitting it follows its discussion.")).toBeVisible();
  });
});

test.describe("the reading list, without JavaScript", () => {
  test("save → hide seen → gone from trending → read mark → BibTeX and CSL-JSON parsed back", async ({ newPage }) => {
    const page = await readerPage(newPage, "reader-nojs", { javaScriptEnabled: false });
    await page.goto("/");
    const cards = page.getByTestId("paper-card");
    const arxivId = (await cards.nth(2).getAttribute("data-arxiv-id"))!;
    const card = page.locator(`[data-testid="paper-card"][data-arxiv-id="${arxivId}"]`);
    await card.getByRole("button", { name: "Save for later" }).click();
    await expect(card.getByRole("button", { name: "Remove from your reading list" })).toBeVisible();
    // A second paper, saved from its own page.
    const second = (await cards.nth(3).getAttribute("data-arxiv-id"))!;
    await page.goto(`/papers/${second}`);
    await page.getByRole("button", { name: "Save for later" }).click();
    await expect(page.getByRole("button", { name: "Remove from your reading list" })).toBeVisible();

    await page.goto("/");
    const toggle = page.getByRole("button", { name: "Hide papers I have saved, voted or opened" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(card).toHaveCount(0);
    await expect(page.locator(`[data-testid="paper-card"][data-arxiv-id="${second}"]`)).toHaveCount(0);
    await expect(page.getByTestId("hide-seen")).toContainText(/hidden on this page/);

    // Another reader's trending page is untouched: the filter is personal, not in the shared cache.
    const other = await newPage({ javaScriptEnabled: false });
    await other.goto("/");
    await expect(other.locator(`[data-testid="paper-card"][data-arxiv-id="${arxivId}"]`)).toHaveCount(1);
    await expect(other.getByTestId("hide-seen")).toHaveCount(0);

    await page.goto("/saved");
    const saved = page.getByTestId("saved-paper");
    await expect(saved).toHaveCount(2);
    // Newest saved first.
    await expect(saved.nth(0)).toHaveAttribute("data-arxiv-id", second);
    const entry = page.locator(`[data-testid="saved-paper"][data-arxiv-id="${arxivId}"]`);
    await entry.getByRole("button", { name: /^Mark read/ }).click();
    await expect(entry.getByTestId("read-mark")).toBeVisible();
    await expect(entry).toHaveAttribute("data-read", "true");

    const bib = await page.request.get("/saved/export.bib");
    expect(bib.status()).toBe(200);
    expect(bib.headers()["content-type"]).toMatch(/^application\/x-bibtex/);
    const entries = parseBibtex(await bib.text());
    expect(entries.map((e) => e.fields.eprint).sort()).toEqual([arxivId, second].sort());
    for (const item of entries) {
      expect(item.type).toBe("misc");
      expect(item.key).toMatch(/^[a-z0-9]+$/);
      for (const field of ["title", "author", "eprint", "archiveprefix", "url"])
        expect(item.fields[field], `${item.key}.${field}`).toBeTruthy();
    }
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);

    const csl = await page.request.get("/saved/export.json");
    expect(csl.headers()["content-type"]).toMatch(/^application\/vnd\.citationstyles\.csl\+json/);
    const items = (await csl.json()) as {
      id: string;
      type: string;
      title: string;
      author: { family?: string; literal?: string }[];
      URL: string;
      archive: string;
      number: string;
    }[];
    expect(items.map((item) => item.number).sort()).toEqual([arxivId, second].sort());
    for (const item of items) {
      expect(item).toMatchObject({ type: "article", archive: "arXiv", URL: `https://arxiv.org/abs/${item.number}` });
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.author.length).toBeGreaterThan(0);
      expect(item.author.every((name) => Boolean(name.family ?? name.literal))).toBe(true);
    }

    // Signed out, the exports are a 401 in the API's error shape.
    const anonymousExport = await (await newPage()).request.get(`${e2e.baseUrl}/saved/export.bib`);
    expect(anonymousExport.status()).toBe(401);
    expect(await anonymousExport.json()).toMatchObject({ error: expect.any(String) });

    await page.goto("/");
    await page.getByRole("button", { name: "Hide papers I have saved, voted or opened" }).click();
    await expect(card).toHaveCount(1);
  });
});

test.describe("the reading list, with JavaScript", () => {
  test("s saves the selected paper on a feed", async ({ newPage }) => {
    const page = await readerPage(newPage, "reader-js");
    await page.goto("/new");
    await expect(page.getByRole("button", { name: /^Keyboard shortcuts/ })).toBeVisible();
    const first = page.getByTestId("paper-card").nth(0);
    const arxivId = (await first.getAttribute("data-arxiv-id"))!;
    await page.keyboard.press("j");
    await page.keyboard.press("s");
    await expect(
      page
        .locator(`[data-testid="paper-card"][data-arxiv-id="${arxivId}"]`)
        .getByRole("button", { name: "Remove from your reading list" }),
    ).toBeVisible();
    const state = await (await page.request.get(`/api/me/saved/${arxivId}`)).json();
    expect(state).toMatchObject({ id: arxivId, saved: true, readAt: null });
  });
});

test.describe("the Following feed through the API", () => {
  test("with a personal token, in /api/papers and /api/daily_papers; anonymous is a 401", async ({ request }) => {
    const [caller] = await makeSessions("follow-api", 1);
    const token = await makeApiToken(caller!.userId);
    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await request.put(`/api/me/follows/authors/${encodeURIComponent(AUTHOR)}`, { headers: auth })).status(),
    ).toBe(200);
    expect((await request.put("/api/me/follows/authors/Nobody%20At%20All", { headers: auth })).status()).toBe(404);
    expect((await request.put("/api/me/follows/categories/not%20a%20category", { headers: auth })).status()).toBe(400);

    const feed = await (await request.get("/api/papers?feed=following&limit=5", { headers: auth })).json();
    expect(feed.feed).toBe("following");
    const item = feed.items.find((paper: { id: string }) => paper.id === AUTHOR_PAPER);
    expect(item.followedBecause).toEqual([`by ${AUTHOR}`]);

    const daily = await (await request.get("/api/daily_papers?feed=following&limit=5", { headers: auth })).json();
    expect(
      daily.find((entry: { paper: { id: string } }) => entry.paper.id === AUTHOR_PAPER).paper.followedBecause,
    ).toEqual([`by ${AUTHOR}`]);

    for (const url of [
      "/api/papers?feed=following",
      "/api/daily_papers?feed=following",
      "/api/me/saved",
      "/api/me/follows",
    ]) {
      const anonymous = await request.get(url);
      expect(anonymous.status(), url).toBe(401);
      expect(await anonymous.json(), url).toMatchObject({ error: expect.any(String) });
    }
    const follows = await (await request.get("/api/me/follows", { headers: auth })).json();
    expect(follows.authors.map((a: { name: string }) => a.name)).toEqual([AUTHOR]);
    expect(
      (await request.delete(`/api/me/follows/authors/${encodeURIComponent(AUTHOR)}`, { headers: auth })).status(),
    ).toBe(204);
    expect((await (await request.get("/api/papers?feed=following", { headers: auth })).json()).items).toEqual([]);
  });
});
