import { expect, test, type APIRequestContext } from "@playwright/test";
import { XSS_CORPUS, XSS_SENTINEL_SELECTOR } from "../lib/testing/xss-corpus";
import { e2e } from "./config";
import { e2eSql } from "./db";
import { signInWithGitHub } from "./auth";
import { makeSessions } from "./sessions";

const json = (cookie: string) => ({ origin: e2e.baseUrl, cookie, "content-type": "application/json" });

async function post(request: APIRequestContext, cookie: string, arxivId: string, body: unknown) {
  return request.post(`/api/papers/${arxivId}/comments`, { data: body, headers: json(cookie) });
}

test.describe("comments through the JSON API", () => {
  test("create, read the tree, edit, vote, delete; with clear errors", async ({ request }) => {
    const [alice, bob, banned] = [
      ...(await makeSessions("api-alice", 1)),
      ...(await makeSessions("api-bob", 1)),
      ...(await makeSessions("api-banned", 1, { banned: true })),
    ];
    const paper = "2306.13575";
    const created = await post(request, alice!.cookie, paper, { body: "Nice result: $O(n)$." });
    expect(created.status()).toBe(201);
    const root = await created.json();
    expect(root).toMatchObject({ parentId: null, depth: 0, body: "Nice result: $O(n)$.", state: "visible", upvotes: 0 });
    expect(root.html).toContain("katex");

    const reply = await (await post(request, bob!.cookie, paper, { body: "Agreed.", parentId: root.id })).json();
    const tree = await (await request.get(`/api/papers/${paper}/comments?order=new`)).json();
    const node = tree.comments.find((c: { id: number }) => c.id === root.id);
    expect(node.children.map((c: { id: number }) => c.id)).toEqual([reply.id]);

    expect((await request.put(`/api/comments/${root.id}/vote`, { data: { upvoted: true }, headers: json(bob!.cookie) })).status()).toBe(200);
    const edited = await request.patch(`/api/comments/${root.id}`, { data: { body: "Nice result." }, headers: json(alice!.cookie) });
    expect(await edited.json()).toMatchObject({ body: "Nice result.", upvotes: 1 });
    expect((await request.patch(`/api/comments/${root.id}`, { data: { body: "mine now" }, headers: json(bob!.cookie) })).status()).toBe(403);

    expect((await request.delete(`/api/comments/${root.id}`, { headers: json(alice!.cookie) })).status()).toBe(204);
    const after = await (await request.get(`/api/papers/${paper}/comments`)).json();
    const deleted = after.comments.find((c: { id: number }) => c.id === root.id);
    expect(deleted).toMatchObject({ state: "deleted", body: "[deleted]", author: null });
    expect(deleted.children).toHaveLength(1);

    // Errors: each names what is wrong.
    expect((await post(request, "", paper, { body: "hi" })).status()).toBe(401);
    expect((await post(request, banned!.cookie, paper, { body: "hi" })).status()).toBe(403);
    const empty = await post(request, bob!.cookie, paper, { body: "" });
    expect(empty.status()).toBe(400);
    expect(await empty.json()).toMatchObject({ field: "body" });
    const tooLong = await post(request, bob!.cookie, paper, { body: "x".repeat(10_001) });
    expect(await tooLong.json()).toMatchObject({ field: "body" });
    expect((await post(request, bob!.cookie, paper, { body: "x", parentId: "one" })).status()).toBe(400);
    expect((await post(request, bob!.cookie, "2101.99999", { body: "x" })).status()).toBe(404);
    expect((await request.put(`/api/comments/99999999/vote`, { data: { upvoted: true }, headers: json(bob!.cookie) })).status()).toBe(404);
    expect((await request.get(`/api/papers/${paper}/comments?order=top`)).status()).toBe(400);

    // Rate limit: Bob just posted; another one within 15 s is refused with Retry-After.
    const third = await post(request, bob!.cookie, paper, { body: "Another thought." });
    const fourth = await post(request, bob!.cookie, paper, { body: "And another." });
    expect([third.status(), fourth.status()]).toContain(429);
    const limited = third.status() === 429 ? third : fourth;
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  });
});

test.describe("hostile comments", () => {
  test.setTimeout(180_000);

  test(`none of ${XSS_CORPUS.length} hostile inputs runs or injects markup, and their text still shows`, async ({ page, request }) => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(100);
    const paper = "2108.04384";
    const callers = await makeSessions("xss", XSS_CORPUS.length);
    // Inputs over a render budget (macro definitions, thousands of markup characters) are
    // refused when posted; they are written straight into the database instead, as rows from
    // before the budgets would be, so that the page renders them too (degraded, lazily).
    const refused: { userId: string; body: string }[] = [];
    for (let start = 0; start < XSS_CORPUS.length; start += 16) {
      await Promise.all(
        XSS_CORPUS.slice(start, start + 16).map(async (entry, offset) => {
          const caller = callers[start + offset]!;
          const response = await post(request, caller.cookie, paper, { body: entry.input });
          if (response.status() === 400) {
            expect(await response.json(), entry.id).toMatchObject({ error: expect.stringMatching(/^body: /), field: "body" });
            refused.push({ userId: caller.userId, body: entry.input });
          } else {
            expect(response.status(), entry.id).toBe(201);
          }
        }),
      );
    }
    expect(refused.length).toBeLessThan(XSS_CORPUS.length / 4);
    const sql = e2eSql();
    try {
      for (const { userId, body } of refused) {
        await sql`insert into comments (paper_id, author_id, body) select id, ${userId}, ${body} from papers where arxiv_id = ${paper}`;
      }
    } finally {
      await sql.end();
    }

    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // A discussion this long comes in pages of threads (lib/comment-pages.ts): every page is checked.
    let shown = 0;
    let text = "";
    for (let pageNumber = 1; ; pageNumber++) {
      await page.goto(`/papers/${paper}?page=${pageNumber}`, { waitUntil: "load" });
      await expect(page.getByTestId("thread-pages")).toContainText(`Page ${pageNumber} of`);
      shown += await page.getByTestId("comment").count();
      // Give any onload/onerror/onfocus payload the chance to fire.
      await page.mouse.move(300, 300);
      await page.waitForTimeout(1000);

      expect(dialogs).toEqual([]);
      const findings = await page.evaluate((sentinel) => {
        const problems: string[] = [];
        if (document.querySelector(sentinel)) problems.push(`sentinel element: ${document.querySelector(sentinel)!.outerHTML.slice(0, 120)}`);
        for (const body of document.querySelectorAll(".comment-body")) {
          for (const element of body.querySelectorAll("*")) {
            for (const attribute of element.getAttributeNames()) {
              if (attribute.startsWith("on")) problems.push(`event handler ${attribute} on <${element.tagName}>`);
              const value = (element.getAttribute(attribute) ?? "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
              if (["href", "src", "action", "formaction", "xlink:href"].includes(attribute) && /^(javascript|vbscript|data):/.test(value)) {
                problems.push(`${attribute}=${value.slice(0, 40)}`);
              }
            }
            const tag = element.tagName.toLowerCase();
            // GFM task lists are the one input allowed: a disabled checkbox.
            const taskBox = tag === "input" && element.getAttribute("type") === "checkbox" && element.hasAttribute("disabled");
            if (!taskBox && ["script", "iframe", "object", "embed", "form", "style", "meta", "base", "link", "img", "input", "button", "textarea"].includes(tag)) {
              problems.push(`<${tag}> in a comment`);
            }
            if (tag === "svg" && !element.closest(".katex")) problems.push("<svg> outside KaTeX");
          }
        }
        return problems;
      }, XSS_SENTINEL_SELECTOR);
      expect(findings).toEqual([]);
      text += await page.locator("#discussion").innerText();
      if ((await page.getByRole("link", { name: "More comments →" }).count()) === 0) break;
    }
    expect(shown).toBe(XSS_CORPUS.length);

    const missing = XSS_CORPUS.filter((entry) => !text.includes(entry.visibleText)).map((entry) => entry.id);
    expect(missing).toEqual([]);
  });
});

test.describe("the discussion in the browser", () => {
  test("post with markdown and math, reply, edit, delete, collapse, permalink", async ({ page }) => {
    await page.goto("/papers/2309.10910");
    await expect(page.getByText("Sign in to join the discussion.")).toBeVisible();
    await signInWithGitHub(page, "commenter-cleo");
    const form = page.locator("#discussion > form");
    await form.getByLabel("Your comment").fill("**Strong** claim: $\\sum_i x_i = 1$ and a [link](https://example.org).");
    await form.getByRole("button", { name: "Comment" }).click();
    const posted = page.getByTestId("comment").filter({ hasText: "Strong" }).first();
    await expect(posted.locator("strong")).toHaveText("Strong");
    const id = Number(await posted.getAttribute("data-comment-id"));
    const comment = page.locator(`#comment-${id}`);
    await expect(comment.locator(".katex")).toHaveCount(1);
    await expect(comment.getByRole("link", { name: "link" })).toHaveAttribute("rel", "nofollow ugc noopener");
    await expect(form.getByLabel("Your comment")).toHaveValue("");

    // A reply from someone else (API), then the author edits and deletes; the reply stays.
    const [other] = await makeSessions("replier", 1);
    expect((await post(page.request, other!.cookie, "2309.10910", { body: "A reply to Cleo", parentId: id })).status()).toBe(201);
    await page.reload();

    await comment.getByText("edit", { exact: true }).click();
    await comment.getByLabel("Edit your comment").fill("Softer claim.");
    await comment.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(`#comment-${id} > details > div > [data-testid=comment-body]`)).toHaveText("Softer claim.");
    await expect(comment.getByText("· edited")).toBeVisible();

    await comment.locator("summary", { hasText: "commenter-cleo" }).click();
    await expect(comment.getByText("A reply to Cleo")).toBeHidden();
    await comment.locator("summary", { hasText: "commenter-cleo" }).click();
    await expect(comment.getByText("A reply to Cleo")).toBeVisible();

    await comment.getByText("delete", { exact: true }).click();
    await comment.getByRole("button", { name: "Delete this comment" }).click();
    await expect(page.locator(`#comment-${id} > details > div > [data-testid=comment-body]`)).toHaveText("[deleted]");
    await expect(page.getByText("A reply to Cleo")).toBeVisible();

    await page.goto(`/papers/2309.10910#comment-${id}`);
    await expect(page.locator(`#comment-${id}`)).toBeInViewport();
  });

  test("a refused comment keeps its text and says why", async ({ page }) => {
    await page.goto("/papers/2309.10910");
    await signInWithGitHub(page, "hasty-hugo");
    const box = page.locator("#discussion > form").getByLabel("Your comment");
    await box.fill("First thought.");
    await page.locator("#discussion > form").getByRole("button", { name: "Comment" }).click();
    await expect(page.getByTestId("comment").filter({ hasText: "First thought." })).toHaveCount(1);
    await box.fill("Second thought, too soon.");
    await page.locator("#discussion > form").getByRole("button", { name: "Comment" }).click();
    await expect(page.locator("#discussion > form").getByRole("alert")).toContainText("Too many comments");
    await expect(box).toHaveValue("Second thought, too soon.");
  });

  test("a comment over a render budget is refused in the form, with the reason", async ({ page }) => {
    await page.goto("/papers/2309.10910");
    await signInWithGitHub(page, "budget-bea");
    const box = page.locator("#discussion > form").getByLabel("Your comment");
    const issueInput = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";
    await box.fill(issueInput);
    await page.locator("#discussion > form").getByRole("button", { name: "Comment" }).click();
    await expect(page.locator("#discussion > form").getByRole("alert")).toContainText("a formula may be at most 1,000 characters long");
    await expect(box).toHaveValue(issueInput);
  });

  test("report, then a moderator removes it and the public log shows it", async ({ browser }) => {
    const [author] = await makeSessions("rude-ray", 1);
    const context = await browser.newContext();
    const created = await (await post(context.request, author!.cookie, "2309.10910", { body: "You are all wrong, idiots." })).json();

    const reader = await context.newPage();
    await reader.goto("/papers/2309.10910");
    await signInWithGitHub(reader, "reader-rita");
    const target = reader.locator(`#comment-${created.id}`);
    await target.getByText("report", { exact: true }).click();
    await target.getByLabel("Reason").fill("insults");
    await target.getByRole("button", { name: "Report" }).click();
    await expect(reader.getByText("Thank you: the moderators will look at this comment.")).toBeVisible();
    await context.close();

    const modContext = await browser.newContext();
    const moderator = await modContext.newPage();
    await moderator.goto("/");
    await signInWithGitHub(moderator, "mod-mo");
    await moderator.goto("/moderation/reports");
    await expect(moderator.getByRole("heading", { name: "Not found" })).toBeVisible();
    // An admin made Mo a moderator (the admin flow is covered in sign-in.spec.ts).
    const sql = e2eSql();
    try {
      await sql`update users set role = 'moderator' where github_login = 'mod-mo'`;
    } finally {
      await sql.end();
    }
    await moderator.goto("/moderation/reports");
    const item = moderator.getByTestId("reports").locator("li", { hasText: "You are all wrong" });
    await expect(item).toContainText("insults");
    await item.getByLabel("Reason").fill("personal attack");
    await item.getByRole("button", { name: "Remove comment" }).click();
    await expect(moderator.getByText("No open report.")).toBeVisible();

    await moderator.goto("/moderation");
    await expect(moderator.getByTestId("moderation-log")).toContainText("mod-mo removed a comment");
    await expect(moderator.getByTestId("moderation-log")).toContainText("personal attack");
    await modContext.close();

    const anonymous = await browser.newPage();
    await anonymous.goto(`/papers/2309.10910#comment-${created.id}`);
    await expect(anonymous.locator(`#comment-${created.id}`)).toContainText("[removed by a moderator]");
    await expect(anonymous.locator(`#comment-${created.id}`)).not.toContainText("idiots");
    await anonymous.close();
  });
});
