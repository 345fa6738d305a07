import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "./fixtures";
import { appServerArgs } from "../scripts/app-server-command";
import { e2e } from "./config";
import type { E2eSql } from "./db";
import { makeSessions } from "./sessions";
import { firstDifference, pageMeaning } from "../testing/rendered-page";

/**
 * The shared cache (lib/cache/shared-cache.ts) behind the paper pages and feeds: every kind of write
 * shows on the next view, no reader ever sees another's state, and a write on one app server
 * reaches a second app server on the same database within 2 s (LISTEN/NOTIFY).
 */

const json = (cookie: string, origin = e2e.baseUrl) => ({ origin, cookie, "content-type": "application/json" });

/** A paper no other spec touches: the oldest-added of the demo papers that have no comments. */
async function quietPaper(sql: E2eSql, offset: number): Promise<string> {
  const rows = await sql<{ arxiv_id: string }[]>`
    select arxiv_id from papers where comment_count = 0 order by added_at asc, id asc limit 1 offset ${offset}`;
  return rows[0]!.arxiv_id;
}

async function upvoteCount(page: Page, arxivId: string, baseURL = e2e.baseUrl): Promise<number> {
  await page.goto(`${baseURL}/papers/${arxivId}`);
  return Number(await page.getByTestId("upvote-count").first().innerText());
}

test.describe("the shared cache", () => {
  test("every kind of write shows on the next view of the cached pages", async ({ newPage, request, sql }) => {
    test.setTimeout(180_000);
    const paper = await quietPaper(sql, 0);
    const [alice, mod] = [...(await makeSessions("cache-alice", 1)), ...(await makeSessions("cache-mod", 1))];
    await sql`update users set role = 'moderator' where id = ${mod!.userId}`;
    const reader = await newPage();

    // Twice: the second view is served from the cache.
    const before = await upvoteCount(reader, paper);
    expect(await upvoteCount(reader, paper)).toBe(before);

    // A vote, then an un-vote: the count and the voters.
    expect(
      (
        await request.put(`/api/papers/${paper}/vote`, { data: { upvoted: true }, headers: json(alice!.cookie) })
      ).status(),
    ).toBe(200);
    expect(await upvoteCount(reader, paper)).toBe(before + 1);
    await expect(reader.getByTestId("voters").locator(`a[href="/u/${alice!.userId}"]`)).toHaveCount(1);
    expect(
      (
        await request.put(`/api/papers/${paper}/vote`, { data: { upvoted: false }, headers: json(alice!.cookie) })
      ).status(),
    ).toBe(200);
    expect(await upvoteCount(reader, paper)).toBe(before);
    await expect(reader.locator(`a[href="/u/${alice!.userId}"]`)).toHaveCount(0);

    // A comment, its edit, a moderator's removal.
    const created = await request.post(`/api/papers/${paper}/comments`, {
      data: { body: "Cached *once*" },
      headers: json(alice!.cookie),
    });
    expect(created.status()).toBe(201);
    const comment = await created.json();
    await reader.goto(`/papers/${paper}`);
    await expect(reader.getByTestId("comment-body")).toHaveText("Cached once");
    await expect(reader.getByText("1 comment", { exact: true })).toBeVisible();
    expect(
      (
        await request.patch(`/api/comments/${comment.id}`, {
          data: { body: "Edited text" },
          headers: json(alice!.cookie),
        })
      ).status(),
    ).toBe(200);
    await reader.goto(`/papers/${paper}`);
    await expect(reader.getByTestId("comment-body")).toHaveText("Edited text");

    const moderator = await newPage({ cookie: mod!.cookie });
    await moderator.goto(`/papers/${paper}`);
    await moderator.getByRole("button", { name: "remove" }).click();
    await expect(moderator.getByRole("button", { name: "restore" })).toBeVisible();
    await reader.goto(`/papers/${paper}`);
    await expect(reader.getByTestId("comment-body")).toHaveText("[removed by a moderator]");
    await expect(reader.getByText("0 comments", { exact: true })).toBeVisible();

    // A delete (of a second comment; 15 s apart by the comment rate limit, so written directly
    // as if earlier, then deleted through the API).
    const [second] = await sql<{ id: number }[]>`
      insert into comments (paper_id, author_id, body, depth) select id, ${alice!.userId}, 'To be deleted', 0 from papers where arxiv_id = ${paper}
      returning id`;
    await sql`update papers set comment_count = comment_count + 1 where arxiv_id = ${paper}`;
    // Written behind the app's back: the cache does not know yet (what a forgotten
    // invalidation would look like), so the delete below is what must make it show.
    await reader.goto(`/papers/${paper}`);
    await expect(reader.getByText("To be deleted")).toHaveCount(0);
    expect((await request.delete(`/api/comments/${second!.id}`, { headers: json(alice!.cookie) })).status()).toBe(204);
    await reader.goto(`/papers/${paper}`);
    await expect(reader.locator(`#comment-${second!.id}`).getByTestId("comment-body")).toHaveText("[deleted]");

    // An ingest (a submission from arXiv): the "new" feed and the paper's page.
    await reader.goto("/new");
    await expect(reader.locator('[data-arxiv-id="2005.14165"]')).toHaveCount(0);
    await reader.goto("/papers/2005.14165");
    await expect(reader.getByRole("heading", { name: "Not found" })).toBeVisible();
    const submitted = await request.post("/api/papers", {
      data: { arxivId: "2005.14165" },
      headers: json(alice!.cookie),
    });
    expect([200, 201]).toContain(submitted.status());
    await reader.goto("/new");
    await expect(reader.locator('[data-arxiv-id="2005.14165"]')).toHaveCount(1);
    await reader.goto("/papers/2005.14165");
    await expect(reader.getByRole("heading", { level: 1 })).toContainText("Few-Shot");
  });

  test("two users and a signed-out reader, interleaved on the same URLs, see only their own state", async ({
    newPage,
    request,
    sql,
  }) => {
    test.setTimeout(180_000);
    const paper = await quietPaper(sql, 1);
    const [first] = await sql<{ name: string }[]>`
      select a.name from paper_authors a join papers p on p.id = a.paper_id where p.arxiv_id = ${paper} order by a.position limit 1`;
    const author = first!.name;
    const [alice, bob] = [...(await makeSessions("leak-alice", 1)), ...(await makeSessions("leak-bob", 1))];
    expect(
      (
        await request.put(`/api/papers/${paper}/vote`, { data: { upvoted: true }, headers: json(alice!.cookie) })
      ).status(),
    ).toBe(200);
    const bobs = await (
      await request.post(`/api/papers/${paper}/comments`, {
        data: { body: "Bob's comment" },
        headers: json(bob!.cookie),
      })
    ).json();

    const pages = {
      alice: await newPage({ cookie: alice!.cookie }),
      bob: await newPage({ cookie: bob!.cookie }),
      anonymous: await newPage(),
    };
    // Each reader right after another one, and each twice: the cache is warm for every view.
    for (const who of ["alice", "bob", "anonymous", "bob", "alice", "anonymous"] as const) {
      const page = pages[who];
      await page.goto(`/papers/${paper}`);
      const upvote = page.locator("[data-upvote-control]").first();
      const comment = page.locator(`#comment-${bobs.id}`);
      await expect(comment.getByTestId("comment-body")).toHaveText("Bob's comment");
      if (who === "anonymous") {
        await expect(upvote).toHaveAttribute("aria-label", /^Upvote, \d+ votes? \(sign in first\)$/);
        await expect(page.getByTestId("user-menu")).toHaveCount(0);
      } else {
        await expect(upvote).toHaveAttribute("aria-pressed", who === "alice" ? "true" : "false");
        const me = who === "alice" ? alice! : bob!;
        await expect(page.getByTestId("user-menu")).toContainText(me.userId);
      }
      // Only Bob may edit or delete Bob's comment; only others may upvote it.
      await expect(comment.getByText("edit", { exact: true })).toHaveCount(who === "bob" ? 1 : 0);
      await expect(comment.getByText("delete", { exact: true })).toHaveCount(who === "bob" ? 1 : 0);
      await expect(comment.getByRole("button", { name: "Upvote comment" })).toHaveCount(who === "alice" ? 1 : 0);

      // A cached feed the paper is listed in (its first author's page): the upvote mark is Alice's alone.
      await page.goto(`/authors/${encodeURIComponent(author)}`);
      const card = page.locator(`[data-testid="paper-card"][data-arxiv-id="${paper}"] [data-upvote-control]`);
      if (who === "anonymous")
        await expect(card).toHaveAttribute("aria-label", /^Upvote, \d+ votes? \(sign in first\)$/);
      else await expect(card).toHaveAttribute("aria-pressed", who === "alice" ? "true" : "false");
    }
  });
});

test.describe("the page cache", () => {
  /** What a browser navigating to a page accepts (React's own navigations accept anything). */
  const document = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
  const nonceOf = (response: APIResponse) =>
    /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];

  test("a signed-out page is rendered once for every signed-out reader until a write, and never shown to a signed-in one", async ({
    request,
    sql,
  }) => {
    const paper = await quietPaper(sql, 4);
    const url = `/papers/${paper}`;
    const [voter] = await makeSessions("page-cache", 1);
    const first = await request.get(url, { headers: document });
    const second = await request.get(url, { headers: document });
    // One render answered twice: the same page with the CSP it was rendered with, whose
    // nonce is the one on its scripts; each answer with its own request id.
    expect(nonceOf(first)).toBeTruthy();
    expect(nonceOf(second)).toBe(nonceOf(first));
    const html = await second.text();
    expect(html).toContain(`nonce="${nonceOf(second)}"`);
    expect(second.headers()["x-request-id"]).not.toBe(first.headers()["x-request-id"]);
    expect(second.headers()["cache-control"]).not.toContain("public");
    // Stored compressed once, sent as stored to a reader who accepts gzip; plain to one who does not.
    expect(second.headers()["content-encoding"]).toBe("gzip");
    expect(second.headers()["x-paperboard-content-encoding"]).toBeUndefined();
    const plain = await request.get(url, { headers: { ...document, "accept-encoding": "identity" } });
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    expect(nonceOf(plain)).toBe(nonceOf(first));
    expect(await plain.text()).toBe(await second.text());
    const before = Number(/data-testid="upvote-count"[^>]*>(\d+)</.exec(html)![1]);

    // A signed-in reader's page never comes from the signed-out copy: the reader overlay
    // makes it from a template reader's copy ("the reader overlay", below), with their menu.
    const mine = [
      await request.get(url, { headers: { ...document, cookie: voter!.cookie } }),
      await request.get(url, { headers: { ...document, cookie: voter!.cookie } }),
    ];
    expect(nonceOf(mine[0]!)).not.toBe(nonceOf(first));
    expect(nonceOf(mine[1]!)).toBe(nonceOf(mine[0]!));
    expect(await mine[0]!.text()).toContain('data-testid="user-menu"');
    expect(html).not.toContain('data-testid="user-menu"');

    // A vote makes the copy out of date: the next signed-out reader gets a new render.
    const vote = await request.put(`/api/papers/${paper}/vote`, {
      data: { upvoted: true },
      headers: json(voter!.cookie),
    });
    expect(vote.status()).toBe(200);
    const after = await request.get(url, { headers: document });
    expect(nonceOf(after)).not.toBe(nonceOf(first));
    expect(await shownUpvotes(request, url)).toBe(before + 1);
  });

  test("pages that are not shared, and requests that are not for a whole page, are rendered each time", async ({
    request,
  }) => {
    for (const [url, headers] of [
      ["/search?q=attention", document],
      ["/", { ...document, cookie: "pb_flash=Saved" }],
      // A client-side navigation, as React's router asks for it: its payload, not a page.
      ["/", { rsc: "1", accept: "*/*" }],
    ] as [string, Record<string, string>][]) {
      const responses = [await request.get(url, { headers }), await request.get(url, { headers })];
      expect(nonceOf(responses[0]!), `${url} ${JSON.stringify(headers)}`).not.toBe(nonceOf(responses[1]!));
      expect(responses[0]!.headers()["content-type"]).toContain(headers.rsc ? "text/x-component" : "text/html");
    }
  });
});

test.describe("without JavaScript, through the cached pages", () => {
  test("a signed-in reader's comment and vote show on the page the form returns to", async ({ newPage, sql }) => {
    test.setTimeout(120_000);
    const paper = await quietPaper(sql, 3);
    const [writer] = await makeSessions("nojs-writer", 1);
    const page = await newPage({ cookie: writer!.cookie, javaScriptEnabled: false });
    await page.goto(`/papers/${paper}`);
    await page.goto(`/papers/${paper}`);
    const before = Number(await page.getByTestId("upvote-count").innerText());
    await page.getByLabel("Your comment").fill("Posted *without* JavaScript");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(page.getByTestId("comment-body")).toHaveText("Posted without JavaScript");
    await page
      .getByRole("button", { name: `Upvote, ${before === 1 ? "1 vote" : `${before} votes`}`, exact: true })
      .click();
    await expect(page.getByTestId("upvote-count")).toHaveText(String(before + 1));
    await expect(page.getByRole("button", { name: `Remove upvote, ${before + 1} votes`, exact: true })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    // And a signed-out reader of the same URL sees both, without the writer's controls.
    const reader = await newPage({ javaScriptEnabled: false });
    await reader.goto(`/papers/${paper}`);
    await expect(reader.getByTestId("comment-body")).toHaveText("Posted without JavaScript");
    await expect(reader.getByTestId("upvote-count")).toHaveText(String(before + 1));
    await expect(reader.getByText("edit", { exact: true })).toHaveCount(0);
  });
});

// ---------------------------------------------------------------------------------------
// Two app servers on one database.

function startSecondServer(port: number): ChildProcess {
  const baseUrl = `http://localhost:${port}`;
  return spawn(process.execPath, appServerArgs({ port }), {
    stdio: "ignore",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATABASE_URL: e2e.databaseUrl,
      AUTH_SECRET: e2e.authSecret,
      AUTH_URL: baseUrl,
      SITE_URL: baseUrl,
      JOBS_ENABLED: "false",
    },
  });
}

/** The upvote count a paper page shows, read from its HTML (lighter than a browser while polling). */
async function shownUpvotes(request: APIRequestContext, url: string): Promise<number | null> {
  const html = await (await request.get(url)).text();
  const match = /data-testid="upvote-count"[^>]*>(\d+)</.exec(html);
  return match ? Number(match[1]) : null;
}

async function waitForHealth(request: APIRequestContext, baseUrl: string): Promise<void> {
  await expect
    .poll(async () => (await request.get(`${baseUrl}/api/health`).catch(() => null))?.status() ?? 0, {
      timeout: 60_000,
      intervals: [250],
    })
    .toBe(200);
}

test.describe("two app servers on one database", () => {
  test("a vote or a comment on server A shows on server B within 2 s", async ({ newPage, request, sql }) => {
    test.setTimeout(120_000);
    const portB = e2e.appPort + 5;
    const baseB = `http://localhost:${portB}`;
    const serverB = startSecondServer(portB);
    try {
      await waitForHealth(request, baseB);
      const paper = await quietPaper(sql, 2);
      const voters = await makeSessions("two-servers", 5);
      const [commenter] = await makeSessions("two-servers-c", 1);
      const readerB = await newPage();
      let expected = await upvoteCount(readerB, paper, baseB);
      // B has the page cached now; each vote on A must reach it.
      for (const voter of voters) {
        expect(await shownUpvotes(request, `${baseB}/papers/${paper}`)).toBe(expected);
        const vote = await request.put(`${e2e.baseUrl}/api/papers/${paper}/vote`, {
          data: { upvoted: true },
          headers: json(voter.cookie),
        });
        expect(vote.status()).toBe(200);
        expected += 1;
        await expect
          .poll(() => shownUpvotes(request, `${baseB}/papers/${paper}`), { timeout: 2_000, intervals: [50] })
          .toBe(expected);
      }
      const created = await request.post(`${e2e.baseUrl}/api/papers/${paper}/comments`, {
        data: { body: "Written on A" },
        headers: json(commenter!.cookie),
      });
      expect(created.status()).toBe(201);
      await expect
        .poll(async () => (await request.get(`${baseB}/papers/${paper}`)).text(), { timeout: 2_000, intervals: [50] })
        .toContain("Written on A");
      // And what the poll read is what a browser shows.
      await readerB.goto(`${baseB}/papers/${paper}`);
      await expect(readerB.getByTestId("comment-body")).toHaveText("Written on A");
      expect(await upvoteCount(readerB, paper, baseB)).toBe(expected);
    } finally {
      serverB.kill("SIGTERM");
    }
  });
});

test.describe("the reader overlay", () => {
  const document = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
  const nonceOf = (response: APIResponse) =>
    /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  const pressedCount = (html: string) => html.split('aria-pressed="true"').length - 1;

  test("a signed-in reader's feed page is made from one shared copy, and is the page Next renders for them", async ({
    request,
    sql,
    newPage,
  }) => {
    test.setTimeout(120_000);
    const [alice, bob] = await makeSessions("overlay", 2);
    // Alice has every part of the header a reader can have, with characters that need escaping
    // in HTML and in React's payload; Bob has no name, avatar or address.
    const aliceName = `Zoë "Z" <b>O'Hara</b> & co`;
    // An avatar the fake GitHub serves (and the e2e CSP allows), with an & to escape.
    const avatar = `${e2e.fakeGithubUrl}/avatars/alice.svg?v=4&s=40`;
    await sql`update users set name = ${aliceName}, image = ${avatar},
      email = ${"Zoe+Paperboard@Example.org"} where id = ${alice!.userId}`;
    await sql`update users set name = null where id = ${bob!.userId}`;
    const listed = Array.from(
      (await (await request.get("/new", { headers: document })).text()).matchAll(/data-arxiv-id="([^"]+)"/g),
      (match) => match[1]!,
    );
    expect(listed.length).toBeGreaterThan(3);
    for (const arxivId of [listed[0]!, listed[2]!]) {
      const vote = await request.put(`/api/papers/${arxivId}/vote`, {
        data: { upvoted: true },
        headers: json(alice!.cookie),
      });
      expect(vote.status()).toBe(200);
    }
    await sql`insert into saved_papers (user_id, paper_id)
      select ${alice!.userId}, id from papers where arxiv_id in ${sql([listed[1]!, listed[2]!])}`;
    await sql`insert into notifications (user_id, kind) select ${alice!.userId}, 'reply' from generate_series(1, 3)`;

    // A paper page, an author page and a category feed, with Follow buttons Alice uses: she
    // upvoted and saved the paper, follows its first author, its first category and its discussion.
    // The demo papers have no categories (e2e/category-filter.spec.ts): this one gets one,
    // before Alice's vote on it makes every cached copy of it out of date.
    const paper = listed[3]!;
    const category = "cs.GL";
    await sql`update papers set categories = array_append(categories, ${category}) where arxiv_id = ${paper}`;
    const [{ author }] = await sql<[{ author: string }]>`
      select a.name as author from paper_authors a join papers p on p.id = a.paper_id
      where p.arxiv_id = ${paper} order by a.position limit 1`;
    expect(
      (
        await request.put(`/api/papers/${paper}/vote`, { data: { upvoted: true }, headers: json(alice!.cookie) })
      ).status(),
    ).toBe(200);
    await sql`insert into saved_papers (user_id, paper_id) select ${alice!.userId}, id from papers where arxiv_id = ${paper}`;
    await sql`insert into author_follows (user_id, author_name) values (${alice!.userId}, ${author})`;
    await sql`insert into category_follows (user_id, category) values (${alice!.userId}, ${category})`;
    await sql`insert into paper_follows (user_id, paper_id) select ${alice!.userId}, id from papers where arxiv_id = ${paper}`;
    const paperPath = `/papers/${paper}`;
    const authorPath = `/authors/${encodeURIComponent(author)}`;
    const categoryPath = `/new?category=${encodeURIComponent(category)}`;

    // Interleaved: Alice, a signed-out reader, Bob, Alice again.
    const overlaid = (cookie?: string, path = "/new") =>
      request.get(path, { headers: cookie ? { ...document, cookie } : document });
    const alice1 = await overlaid(alice!.cookie);
    const signedOut = await overlaid();
    const bob1 = await overlaid(bob!.cookie);
    const alice2 = await overlaid(alice!.cookie);
    // Made from one stored copy: the same nonce twice, where Next draws a new one per render.
    expect(nonceOf(alice1)).toBeTruthy();
    expect(nonceOf(alice2)).toBe(nonceOf(alice1));
    expect(alice2.headers()["cache-control"]).not.toContain("public");

    // Next's own render of the same page for each reader (a request that is not a browser
    // navigation goes past the page cache): the same page in meaning. The home page too, for
    // Alice: it has the subscribe box, which offers her address.
    for (const [reader, path, made] of [
      [alice!, "/new", alice2],
      [bob!, "/new", bob1],
      [alice!, "/", await overlaid(alice!.cookie, "/")],
      [alice!, "/daily", await overlaid(alice!.cookie, "/daily")],
      [alice!, "/weekly", await overlaid(alice!.cookie, "/weekly")],
      [alice!, paperPath, await overlaid(alice!.cookie, paperPath)],
      [bob!, paperPath, await overlaid(bob!.cookie, paperPath)],
      [alice!, authorPath, await overlaid(alice!.cookie, authorPath)],
      [alice!, categoryPath, await overlaid(alice!.cookie, categoryPath)],
    ] as const) {
      const rendered = await request.get(path, { headers: { cookie: reader.cookie } });
      expect(nonceOf(rendered)).not.toBe(nonceOf(made));
      const [ours, next] = [pageMeaning(await made.text()), pageMeaning(await rendered.text())];
      expect(firstDifference(ours.html, next.html), `${reader.userId} on ${path}: HTML`).toBeNull();
      expect(firstDifference(ours.payload, next.payload), `${reader.userId} on ${path}: React's payload`).toBeNull();
      if (path === "/") expect(await made.text()).toContain("to <!-- -->zoe+paperboard@example.org");
    }

    // Alice's paper page was made from a copy (the same nonce on two views), with her marks,
    // and recorded as opened, as Next's render would have.
    const [alicePaper, alicePaperAgain, bobPaper] = [
      await overlaid(alice!.cookie, paperPath),
      await overlaid(alice!.cookie, paperPath),
      await overlaid(bob!.cookie, paperPath),
    ];
    expect(nonceOf(alicePaperAgain)).toBe(nonceOf(alicePaper));
    const alicePaperHtml = await alicePaper.text();
    expect(pressedCount(alicePaperHtml)).toBe(1);
    expect(alicePaperHtml.split(">Unfollow</button>").length - 1).toBe(3);
    expect((await bobPaper.text()).split(">Unfollow</button>").length - 1).toBe(0);
    const [opened] = await sql<{ n: number }[]>`
      select count(*)::int as n from paper_opens o join papers p on p.id = o.paper_id
      where o.user_id = ${alice!.userId} and p.arxiv_id = ${paper}`;
    expect(opened!.n).toBe(1);

    // Each reader's own state, and nobody else's.
    const [aliceHtml, bobHtml, outHtml] = [await alice2.text(), await bob1.text(), await signedOut.text()];
    // Upvoted: listed[0], listed[2] and the paper (listed[3]); saved: listed[1], listed[2] and the paper.
    expect(pressedCount(aliceHtml)).toBe(3);
    expect(aliceHtml.split('saved<span aria-hidden="true"> ✓</span>').length - 1).toBe(3);
    expect(aliceHtml).toContain("Zoë &quot;Z&quot; &lt;b&gt;O&#x27;Hara&lt;/b&gt; &amp; co");
    expect(aliceHtml).toMatch(/font-semibold text-white">3<\/span>/);
    expect(aliceHtml).not.toContain("pbtpl");
    for (const other of [bobHtml, outHtml]) {
      expect(pressedCount(other)).toBe(0);
      expect(other).not.toContain("Zoë");
      expect(other).not.toContain(alice!.userId);
    }
    expect(bobHtml).toContain(`Account menu for ${bob!.userId}`);
    expect(outHtml).not.toContain('data-testid="user-menu"');

    // In a browser the page hydrates as rendered (no mismatch), and the controls work.
    const browser = await newPage({ cookie: alice!.cookie });
    const errors: string[] = [];
    browser.on("pageerror", (error) => errors.push(error.message));
    // A hydration mismatch is reported both ways: as a page error and on the console. (The
    // avatar's host answers 404 to this made-up user: a network error, not the page's.)
    browser.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        errors.push(message.text());
      }
    });
    await browser.goto("/new");
    const card = browser.locator(`[data-arxiv-id="${listed[0]}"]`);
    const button = card.locator("button[data-upvote-control]");
    await expect(button).toHaveAttribute("aria-pressed", "true");
    const count = Number(await card.getByTestId("upvote-count").innerText());
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "false");
    await expect(card.getByTestId("upvote-count")).toHaveText(String(count - 1));
    await expect(browser.getByTestId("user-menu").locator("summary")).toHaveAttribute(
      "aria-label",
      `Account menu for ${aliceName}`,
    );
    expect(errors).toEqual([]);
    // The un-vote is Alice's own state, read per request: her next page shows it.
    expect(pressedCount(await (await overlaid(alice!.cookie)).text())).toBe(2);
    // The paper's category taken back, and announced by a write, for the specs after this one.
    await sql`update papers set categories = array_remove(categories, ${category}) where arxiv_id = ${paper}`;
    expect(
      (
        await request.put(`/api/papers/${paper}/vote`, { data: { upvoted: false }, headers: json(alice!.cookie) })
      ).status(),
    ).toBe(200);
  });

  test("a reader's marks are read for the copy they are served, when a write changes its controls", async ({
    request,
    sql,
  }) => {
    const paper = await quietPaper(sql, 2);
    const path = `/papers/${paper}`;
    const [carol, dave] = await makeSessions("overlay-guess", 2);
    const category = "cs.OH";
    await sql`insert into category_follows (user_id, category) values (${carol!.userId}, ${category})`;
    const unfollows = async () => {
      const response = await request.get(path, { headers: { ...document, cookie: carol!.cookie } });
      expect(response.status()).toBe(200);
      return (await response.text()).split(">Unfollow</button>").length - 1;
    };
    // Her first view: the paper has no category, so no Follow button of hers is on it.
    expect(await unfollows()).toBe(0);
    // The paper gains the category she follows; Dave's vote makes every copy of the page out
    // of date. Her next view is made from a new copy, with a Follow button the last one lacked
    // (the overlay reads her follows for the buttons of the copy it serves, not the last one).
    await sql`update papers set categories = array_append(categories, ${category}) where arxiv_id = ${paper}`;
    const vote = (upvoted: boolean) =>
      request.put(`/api/papers/${paper}/vote`, { data: { upvoted }, headers: json(dave!.cookie) });
    expect((await vote(true)).status()).toBe(200);
    expect(await unfollows()).toBe(1);
    expect(await unfollows()).toBe(1);
    await sql`update papers set categories = array_remove(categories, ${category}) where arxiv_id = ${paper}`;
    expect((await vote(false)).status()).toBe(200);
    expect(await unfollows()).toBe(0);
  });

  test("readers the overlay does not write for get Next's own render", async ({ request, sql }) => {
    const [moderator, filtered, commenter] = [
      ...(await makeSessions("overlay-mod", 1)),
      ...(await makeSessions("overlay-hide", 1)),
      ...(await makeSessions("overlay-comment", 1)),
    ];
    await sql`update users set role = 'moderator' where id = ${moderator!.userId}`;
    await sql`insert into reader_preferences (user_id, hide_seen) values (${filtered!.userId}, true)`;
    // A reader's own comment on a paper: the thread shows them its edit and delete controls.
    const [{ arxiv_id: paper }] = await sql<[{ arxiv_id: string }]>`
      select arxiv_id from papers order by added_at desc limit 1`;
    const posted = await request.post(`/api/papers/${paper}/comments`, {
      data: { body: "Mine to edit." },
      headers: json(commenter!.cookie),
    });
    expect(posted.status()).toBe(201);
    for (const [reader, path] of [
      [moderator!, "/new"],
      [filtered!, "/new"],
      [commenter!, `/papers/${paper}`],
    ] as const) {
      const nonces = new Set<string | undefined>();
      for (let i = 0; i < 2; i++) {
        nonces.add(nonceOf(await request.get(path, { headers: { ...document, cookie: reader.cookie } })));
      }
      expect(nonces.size, `${reader.userId} on ${path}`).toBe(2);
    }
  });
});
