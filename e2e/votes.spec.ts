import { expect, test, type APIRequestContext } from "./fixtures";
import { e2e } from "./config";
import { FeedPage } from "./pages/feed-page";
import { PaperPage } from "./pages/paper-page";
import { GitHubSignIn, signInWithGitHub } from "./pages/sign-in";
import { makeSessions } from "./sessions";

function vote(request: APIRequestContext, arxivId: string, body: unknown, headers: Record<string, string>) {
  return request.put(`/api/papers/${arxivId}/vote`, {
    data: body,
    headers: { "content-type": "application/json", ...headers },
  });
}

test.describe("upvotes through the JSON API", () => {
  test("who may vote: signed out, signed in, banned, foreign, null and missing Origin", async ({ request }) => {
    const [caller] = await makeSessions("authz", 1);
    const [banned] = await makeSessions("authz-banned", 1, { banned: true });
    const origin = e2e.baseUrl;

    const signedOut = await vote(request, "2406.02061", { upvoted: true }, { origin });
    expect(signedOut.status()).toBe(401);

    const ok = await vote(request, "2406.02061", { upvoted: true }, { origin, cookie: caller!.cookie });
    expect(ok.status()).toBe(200);
    const state = await ok.json();
    expect(state.upvoted).toBe(true);
    expect(typeof state.upvotes).toBe("number");

    const paper = await request.get("/api/papers/2406.02061", { headers: { cookie: caller!.cookie } });
    expect(await paper.json()).toMatchObject({ id: "2406.02061", upvotes: state.upvotes, upvoted: true });
    const anonymous = await (await request.get("/api/papers/2406.02061")).json();
    expect(anonymous.upvotes).toBe(state.upvotes);
    expect(anonymous).not.toHaveProperty("upvoted");

    expect((await vote(request, "2406.02061", { upvoted: true }, { origin, cookie: banned!.cookie })).status()).toBe(
      403,
    );
    for (const badOrigin of ["https://evil.example", "null"]) {
      const response = await vote(
        request,
        "2406.02061",
        { upvoted: false },
        { origin: badOrigin, cookie: caller!.cookie },
      );
      expect(response.status(), badOrigin).toBe(403);
    }
    const noOrigin = await vote(request, "2406.02061", { upvoted: false }, { cookie: caller!.cookie });
    expect(noOrigin.status()).toBe(403);
    // None of the refused requests changed anything.
    expect(
      (await (await request.get("/api/papers/2406.02061", { headers: { cookie: caller!.cookie } })).json()).upvoted,
    ).toBe(true);
  });

  test("malformed bodies get 400 naming the field; unknown papers 404", async ({ request }) => {
    const [caller] = await makeSessions("bad-input", 1);
    const headers = { origin: e2e.baseUrl, cookie: caller!.cookie };
    for (const body of [{}, { upvoted: "yes" }, { upvoted: 1 }, { upvoted: true, extra: 1 }]) {
      const response = await vote(request, "2406.02061", body, headers);
      expect(response.status(), JSON.stringify(body)).toBe(400);
      expect((await response.json()).error).toBeTruthy();
    }
    const missingField = await vote(request, "2406.02061", {}, headers);
    expect(await missingField.json()).toMatchObject({ field: "upvoted" });
    const notJson = await request.put("/api/papers/2406.02061/vote", {
      data: "upvoted=true",
      headers: { ...headers, "content-type": "text/plain" },
    });
    expect(notJson.status()).toBe(400);
    expect((await vote(request, "2101.99999", { upvoted: true }, headers)).status()).toBe(404);
    expect((await vote(request, "not-an-id", { upvoted: true }, headers)).status()).toBe(404);
    expect((await request.get("/api/papers/2101.99999")).status()).toBe(404);
  });

  test("many users voting and un-voting the same papers at once: every count equals its rows", async ({
    request,
    sql,
  }) => {
    const papers = ["2211.13956", "2409.13648", "2406.02061"];
    const callers = await makeSessions("crowd", 24);
    const lastAcknowledged = new Map<string, boolean>();
    const statuses: number[] = [];
    await Promise.all(
      callers.map(async (caller, index) => {
        for (let step = 0; step < 8; step++) {
          const arxivId = papers[(index + step) % papers.length]!;
          const desired = (index + step * 5) % 3 !== 0;
          const response = await vote(
            request,
            arxivId,
            { upvoted: desired },
            { origin: e2e.baseUrl, cookie: caller.cookie },
          );
          statuses.push(response.status());
          if (response.ok()) {
            expect((await response.json()).upvoted).toBe(desired);
            lastAcknowledged.set(`${caller.userId}|${arxivId}`, desired);
          }
        }
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status === 200)).toBe(true);

    const mismatches = await sql`
      select p.arxiv_id from papers p
      where p.upvotes <> (select count(*) from votes v where v.paper_id = p.id)
         or (select count(*) from votes v where v.paper_id = p.id)
            <> coalesce((select sum(b.votes) from vote_buckets b where b.paper_id = p.id), 0)`;
    expect(mismatches).toEqual([]);
    const rows =
      await sql`select v.user_id, p.arxiv_id from votes v join papers p on p.id = v.paper_id where v.user_id like 'crowd-%'`;
    const present = new Set(rows.map((row) => `${row.user_id}|${row.arxiv_id}`));
    for (const [key, upvoted] of lastAcknowledged) expect(present.has(key), key).toBe(upvoted);
  });
});

test.describe("the upvote control", () => {
  test("sign in, upvote, see it stay after a reload, remove it", async ({ page, sql }) => {
    const feed = new FeedPage(page, "/");
    const card = feed.card("2211.13956");
    // The crowd above voted on this paper too: the feed converges to the stored count.
    const [stored] = await sql<{ upvotes: number }[]>`select upvotes from papers where arxiv_id = '2211.13956'`;
    const before = stored!.upvotes;
    await expect
      .poll(async () => {
        await feed.goto();
        return card.upvote.shownCount();
      })
      .toBe(before);
    // A signed-out click leads to sign-in and back to the same place.
    await card.upvote.signInLink(before).click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
    await signInWithGitHub(page, "voter-vera");
    await expect(page).toHaveURL(`${e2e.baseUrl}/`);

    const button = card.upvote.button(false, before);
    await expect(button).toHaveAttribute("aria-pressed", "false");
    await button.click();
    const remove = card.upvote.button(true, before + 1);
    await expect(remove).toHaveAttribute("aria-pressed", "true");
    await expect(card.upvote.count).toHaveText(String(before + 1));
    await expect(remove).toBeEnabled(); // the server has confirmed

    await page.reload();
    await expect(card.upvote.button(true, before + 1)).toHaveAttribute("aria-pressed", "true");
    await expect(card.upvote.count).toHaveText(String(before + 1));

    const paper = new PaperPage(page, "2211.13956");
    await paper.goto();
    await expect(paper.voters.getByRole("link", { name: "voter-vera" })).toBeVisible();
    await paper.upvote.button(true, before + 1).click();
    await expect(paper.upvote.button(false, before)).toHaveAttribute("aria-pressed", "false");
    await expect(paper.upvote.count).toHaveText(String(before));
    await page.reload();
    await expect(paper.upvote.count).toHaveText(String(before));
    await expect(paper.voters.getByRole("link", { name: "voter-vera" })).toHaveCount(0);

    await page.goto("/u/voter-vera");
    await expect(page.getByText("No upvotes yet.")).toBeVisible();
  });

  test("a refused vote rolls back with a readable message", async ({ page, sql }) => {
    const feed = new FeedPage(page, "/");
    await feed.goto();
    await signInWithGitHub(page, "hasty-hal");
    // Use up this minute's votes, as a script hammering the API would.
    await sql`insert into rate_limit_counters (key, window_start, hits)
      select 'vote:user:' || id, date_trunc('minute', now()), 1000 from users where github_login = 'hasty-hal'`;
    await sql`insert into rate_limit_counters (key, window_start, hits)
      select 'vote:user:' || id, date_trunc('minute', now()) + interval '1 minute', 1000 from users where github_login = 'hasty-hal'`;
    const card = feed.card("2409.13648");
    const before = await card.upvote.count.innerText();
    await card.upvote.button(false, Number(before)).click();
    await expect(card.alert).toContainText("voting too fast");
    await expect(card.upvote.count).toHaveText(before);
    await expect(card.upvote.button(false, Number(before))).toHaveAttribute("aria-pressed", "false");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the upvote form works as a plain form post", async ({ page }) => {
    const paper = new PaperPage(page, "2406.02061");
    await paper.goto();
    // The header's account corner needs JavaScript; without it, a link to the sign-in page.
    await page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await new GitHubSignIn(page).authorize("plain-paula");
    await expect(page).toHaveURL(/\/papers\/2406\.02061$/);
    const before = await paper.upvote.shownCount();
    await paper.upvote.button(false, before).click();
    await expect(paper.upvote.button(true, before + 1)).toHaveAttribute("aria-pressed", "true");
    await expect(paper.upvote.count).toHaveText(String(before + 1));
    await paper.upvote.button(true, before + 1).click();
    await expect(paper.upvote.button(false, before)).toHaveAttribute("aria-pressed", "false");
    await expect(paper.upvote.count).toHaveText(String(before));
  });
});
