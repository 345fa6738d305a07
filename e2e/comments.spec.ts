import { expect, test, type APIRequestContext } from "./fixtures";
import { XSS_CORPUS, XSS_SENTINEL_SELECTOR } from "../testing/xss-corpus";
import { e2e } from "./config";
import { PaperPage } from "./pages/paper-page";
import { signInWithGitHub } from "./pages/sign-in";
import { makeSessions } from "./sessions";

const json = (cookie: string) => ({ origin: e2e.baseUrl, cookie, "content-type": "application/json" });

/** A formula over the render budget (lib/discussion/markdown.ts): refused when posted, with the reason. */
const OVER_BUDGET = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";

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
    expect(root).toMatchObject({
      parentId: null,
      depth: 0,
      body: "Nice result: $O(n)$.",
      state: "visible",
      upvotes: 0,
    });
    expect(root.html).toContain("katex");

    const reply = await (await post(request, bob!.cookie, paper, { body: "Agreed.", parentId: root.id })).json();
    const tree = await (await request.get(`/api/papers/${paper}/comments?order=new`)).json();
    const node = tree.comments.find((c: { id: number }) => c.id === root.id);
    expect(node.children.map((c: { id: number }) => c.id)).toEqual([reply.id]);

    expect(
      (
        await request.put(`/api/comments/${root.id}/vote`, { data: { upvoted: true }, headers: json(bob!.cookie) })
      ).status(),
    ).toBe(200);
    const edited = await request.patch(`/api/comments/${root.id}`, {
      data: { body: "Nice result." },
      headers: json(alice!.cookie),
    });
    expect(await edited.json()).toMatchObject({ body: "Nice result.", upvotes: 1 });
    expect(
      (
        await request.patch(`/api/comments/${root.id}`, { data: { body: "mine now" }, headers: json(bob!.cookie) })
      ).status(),
    ).toBe(403);

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
    expect(
      (
        await request.put(`/api/comments/99999999/vote`, { data: { upvoted: true }, headers: json(bob!.cookie) })
      ).status(),
    ).toBe(404);
    expect((await request.get(`/api/papers/${paper}/comments?order=top`)).status()).toBe(400);

    // Rate limit: a burst of 5 in 2 minutes for an established account. Bob posted one reply;
    // four more pass, the next is refused with Retry-After (unless the 2-minute window turned
    // meanwhile, in which case the burst starts again: then the sixth of the new window is refused).
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | null = null;
    for (let i = 0; i < 11 && !limited; i++) {
      const response = await post(request, bob!.cookie, paper, { body: `Thought ${i}.` });
      statuses.push(response.status());
      if (response.status() === 429) limited = response;
    }
    expect(statuses.slice(0, 4)).toEqual([201, 201, 201, 201]);
    expect(limited, `statuses ${statuses.join(",")}`).not.toBeNull();
    expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await limited!.json()).toMatchObject({ error: expect.stringContaining("at most 5 every 2 minutes") });
  });
});

test.describe("hostile comments", () => {
  test.setTimeout(180_000);

  test(`none of ${XSS_CORPUS.length} hostile inputs runs or injects markup, and their text still shows`, async ({
    page,
    request,
    sql,
  }) => {
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
            expect(await response.json(), entry.id).toMatchObject({
              error: expect.stringMatching(/^body: /),
              field: "body",
            });
            refused.push({ userId: caller.userId, body: entry.input });
          } else {
            expect(response.status(), entry.id).toBe(201);
          }
        }),
      );
    }
    expect(refused.length).toBeLessThan(XSS_CORPUS.length / 4);
    for (const { userId, body } of refused) {
      await sql`insert into comments (paper_id, author_id, body) select id, ${userId}, ${body} from papers where arxiv_id = ${paper}`;
    }

    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // A discussion this long comes in pages of threads (lib/discussion/comment-pages.ts): every page is checked.
    let shown = 0;
    let text = "";
    const paperPage = new PaperPage(page, paper);
    for (let pageNumber = 1; ; pageNumber++) {
      await page.goto(`/papers/${paper}?page=${pageNumber}`, { waitUntil: "load" });
      await expect(page.getByTestId("thread-pages")).toContainText(`Page ${pageNumber} of`);
      shown += await paperPage.comments().count();
      // Give any onload/onerror/onfocus payload the chance to fire.
      await page.mouse.move(300, 300);
      await page.waitForTimeout(1000);

      expect(dialogs).toEqual([]);
      const findings = await page.evaluate((sentinel) => {
        const problems: string[] = [];
        if (document.querySelector(sentinel))
          problems.push(`sentinel element: ${document.querySelector(sentinel)!.outerHTML.slice(0, 120)}`);
        for (const body of document.querySelectorAll(".comment-body")) {
          for (const element of body.querySelectorAll("*")) {
            for (const attribute of element.getAttributeNames()) {
              if (attribute.startsWith("on")) problems.push(`event handler ${attribute} on <${element.tagName}>`);
              const value = (element.getAttribute(attribute) ?? "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
              if (
                ["href", "src", "action", "formaction", "xlink:href"].includes(attribute) &&
                /^(javascript|vbscript|data):/.test(value)
              ) {
                problems.push(`${attribute}=${value.slice(0, 40)}`);
              }
            }
            const tag = element.tagName.toLowerCase();
            // GFM task lists are the one input allowed: a disabled checkbox.
            const taskBox =
              tag === "input" && element.getAttribute("type") === "checkbox" && element.hasAttribute("disabled");
            if (
              !taskBox &&
              [
                "script",
                "iframe",
                "object",
                "embed",
                "form",
                "style",
                "meta",
                "base",
                "link",
                "img",
                "input",
                "button",
                "textarea",
              ].includes(tag)
            ) {
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
    const paper = new PaperPage(page, "2309.10910");
    await paper.goto();
    await expect(page.getByText("Sign in to join the discussion.")).toBeVisible();
    await signInWithGitHub(page, "commenter-cleo");
    await paper.postComment("**Strong** claim: $\\sum_i x_i = 1$ and a [link](https://example.org).");
    const posted = paper.comments("Strong").first();
    await expect(posted.locator("strong")).toHaveText("Strong");
    const id = Number(await posted.getAttribute("data-comment-id"));
    const comment = paper.comment(id);
    await expect(comment.locator(".katex")).toHaveCount(1);
    await expect(comment.getByRole("link", { name: "link" })).toHaveAttribute("rel", "nofollow ugc noopener");
    await expect(paper.commentBox).toHaveValue("");

    // A reply from someone else (API), then the author edits and deletes; the reply stays.
    const [other] = await makeSessions("replier", 1);
    expect(
      (await post(page.request, other!.cookie, "2309.10910", { body: "A reply to Cleo", parentId: id })).status(),
    ).toBe(201);
    await page.reload();

    await comment.getByText("edit", { exact: true }).click();
    await comment.getByLabel("Edit your comment").fill("Softer claim.");
    await comment.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(`#comment-${id} > details > div > [data-testid=comment-body]`)).toHaveText(
      "Softer claim.",
    );
    await expect(comment.getByText("· edited")).toBeVisible();

    // The collapse toggle is a button of its own: no link inside it, the byline's links beside it.
    const toggle = page.locator(`#comment-${id} > details > summary`);
    await expect(toggle).toHaveAccessibleName("Comment by commenter-cleo");
    await expect(toggle.locator("a")).toHaveCount(0);
    await expect(comment.locator(".comment-header").getByRole("link", { name: "commenter-cleo" })).toBeVisible();
    await toggle.click();
    await expect(comment.getByText("A reply to Cleo")).toBeHidden();
    await expect(comment.getByText("· 1 reply hidden")).toBeVisible();
    await expect(comment.locator(".comment-header").getByRole("link", { name: "commenter-cleo" })).toBeVisible();
    await toggle.click();
    await expect(comment.getByText("A reply to Cleo")).toBeVisible();
    await expect(comment.getByText("· 1 reply hidden")).toBeHidden();

    await comment.getByText("delete", { exact: true }).click();
    await comment.getByRole("button", { name: "Delete this comment" }).click();
    await expect(page.locator(`#comment-${id} > details > div > [data-testid=comment-body]`)).toHaveText("[deleted]");
    await expect(page.getByText("A reply to Cleo")).toBeVisible();

    await paper.goto(`#comment-${id}`);
    await expect(paper.comment(id)).toBeInViewport();
  });

  test("a refused comment keeps its text and says why", async ({ page }) => {
    const paper = new PaperPage(page, "2309.10910");
    await paper.goto();
    await signInWithGitHub(page, "hasty-hugo");
    // Hugo signed up just now: a new account, 3 comments in 2 minutes. Two go through the API
    // (the browser's own session), the third through the form, then the form is refused.
    for (const text of ["One.", "Two."]) {
      const response = await page.request.post("/api/papers/2309.10910/comments", {
        data: { body: text },
        headers: { origin: e2e.baseUrl },
      });
      expect(response.status()).toBe(201);
    }
    await paper.postComment("First thought.");
    await expect(paper.comments("First thought.")).toHaveCount(1);
    await paper.postComment("Second thought, too soon.");
    await expect(paper.commentForm.getByRole("alert")).toContainText("Too many comments: at most 3 every 2 minutes");
    await expect(paper.commentBox).toHaveValue("Second thought, too soon.");
  });

  test("a comment over a render budget is refused in the form, with the reason", async ({ page }) => {
    const paper = new PaperPage(page, "2309.10910");
    await paper.goto();
    await signInWithGitHub(page, "budget-bea");
    const issueInput = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";
    await paper.postComment(issueInput);
    await expect(paper.commentForm.getByRole("alert")).toContainText("a formula may be at most 1,000 characters long");
    await expect(paper.commentBox).toHaveValue(issueInput);
  });

  test("report, then a moderator removes it and the public log shows it", async ({ newPage, sql }) => {
    const [author] = await makeSessions("rude-ray", 1);
    const reader = await newPage();
    const created = await (
      await post(reader.request, author!.cookie, "2309.10910", { body: "You are all wrong, idiots." })
    ).json();

    const readerPaper = new PaperPage(reader, "2309.10910");
    await readerPaper.goto();
    await signInWithGitHub(reader, "reader-rita");
    const target = readerPaper.comment(created.id);
    await target.getByText("report", { exact: true }).click();
    await target.getByLabel("Reason").fill("insults");
    await target.getByRole("button", { name: "Report" }).click();
    await expect(reader.getByText("Thank you: the moderators will look at this comment.")).toBeVisible();
    await reader.context().close(); // done with it: one browser less for the steps below

    const moderator = await newPage();
    await moderator.goto("/");
    await signInWithGitHub(moderator, "mod-mo");
    await moderator.goto("/moderation/reports");
    await expect(moderator.getByRole("heading", { name: "Not found" })).toBeVisible();
    // An admin made Mo a moderator (the admin flow is covered in sign-in.spec.ts).
    await sql`update users set role = 'moderator' where github_login = 'mod-mo'`;
    await moderator.goto("/moderation/reports");
    const item = moderator.getByTestId("reports").locator("li", { hasText: "You are all wrong" });
    await expect(item).toContainText("insults");
    await item.getByLabel("Reason").fill("personal attack");
    await item.getByRole("button", { name: "Remove comment" }).click();
    await expect(moderator.getByText("No open report.")).toBeVisible();

    await moderator.goto("/moderation");
    await expect(moderator.getByTestId("moderation-log")).toContainText("mod-mo removed a comment");
    await expect(moderator.getByTestId("moderation-log")).toContainText("personal attack");
    await moderator.context().close();

    const anonymous = new PaperPage(await newPage(), "2309.10910");
    await anonymous.goto(`#comment-${created.id}`);
    await expect(anonymous.comment(created.id)).toContainText("[removed by a moderator]");
    await expect(anonymous.comment(created.id)).not.toContainText("idiots");
  });

  test("with JavaScript: display math on one line, a live preview, then focus moves to the new comment", async ({
    page,
  }) => {
    const paper = new PaperPage(page, "2306.13575");
    await paper.goto();
    await signInWithGitHub(page, "previewing-pia");
    const form = paper.commentForm;
    await paper.commentBox.fill("Euler: $$e^{i\\pi} + 1 = 0$$ and $x$ inline.");
    const preview = form.getByTestId("comment-preview");
    await expect(preview.locator(".katex-display")).toHaveCount(1);
    await expect(preview.locator(".katex")).toHaveCount(2);
    await form.getByRole("button", { name: "Comment", exact: true }).click();
    const posted = paper.comments("Euler");
    await expect(posted).toHaveCount(1);
    const id = await posted.getAttribute("data-comment-id");
    await expect(posted).toBeFocused();
    await expect(posted).toBeInViewport();
    await expect(page).toHaveURL(new RegExp(`#comment-${id}$`));
    await expect(posted.locator("[data-testid=comment-body] .katex-display")).toHaveCount(1);
    await expect(paper.commentBox).toHaveValue("");
    await expect(preview).toHaveCount(0);

    // A refused reply says why inside the reply form, and keeps its text.
    const target = paper.comment(id!);
    await paper.reply(id!, OVER_BUDGET);
    await expect(target.getByTestId("comment-form").getByRole("alert")).toContainText(
      "a formula may be at most 1,000 characters long",
    );
    await expect(target.getByLabel("Your reply")).toHaveValue(OVER_BUDGET);
    await expect(form.getByRole("alert")).toHaveCount(0);
  });

  test("without JavaScript: a Preview button, a post that lands on its anchor, refusals next to the form used", async ({
    newPage,
  }) => {
    // A dozen full page loads: each no-JS post renders the whole page again.
    test.setTimeout(90_000);
    const [writer] = await makeSessions("nojs-nora", 1);
    const page = await newPage({ cookie: writer!.cookie, javaScriptEnabled: false });
    const paper = new PaperPage(page, "2306.13575");
    await paper.goto();
    const form = paper.commentForm;
    const box = paper.commentBox;
    await box.fill("Display: $$\\int_0^1 x\\,dx$$ works.");
    await form.getByRole("button", { name: "Preview" }).click();
    await expect(form.getByTestId("comment-preview").locator(".katex-display")).toHaveCount(1);
    await expect(box).toHaveValue("Display: $$\\int_0^1 x\\,dx$$ works.");
    // The page comes back at the form (its anchor): the preview is where the reader was writing.
    await expect(page).toHaveURL(/#form-body-new-top$/);
    await expect(box).toBeInViewport();
    await expect(paper.comments("Display:")).toHaveCount(0);

    await form.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(page).toHaveURL(/#comment-\d+$/);
    const id = page.url().split("#comment-")[1]!;
    const posted = paper.comment(id);
    await expect(posted).toContainText("Display:");
    await expect(posted).toBeInViewport();

    // Refused at the top: the reason in that form, the text kept.
    await paper.postComment(OVER_BUDGET);
    await expect(form.getByRole("alert")).toContainText("a formula may be at most 1,000 characters long");
    await expect(box).toHaveValue(OVER_BUDGET);
    await expect(page).toHaveURL(/#form-body-new-top$/);
    await expect(form.getByRole("alert")).toBeInViewport();

    // Refused in a reply: the reply form comes back open, focused, with the reason and the text.
    await paper.reply(id, OVER_BUDGET);
    const reply = paper.comment(id).getByTestId("comment-form").first();
    await expect(reply.getByRole("alert")).toContainText("a formula may be at most 1,000 characters long");
    await expect(reply.getByLabel("Your reply")).toHaveValue(OVER_BUDGET);
    // The page comes back at the form used (its anchor), the refusal in view.
    await expect(page).toHaveURL(new RegExp(`#form-body-new-${id}$`));
    await expect(reply.getByRole("alert")).toBeInViewport();
    await expect(form.getByRole("alert")).toHaveCount(0);

    // The rate limit, refused the same way. Refused posts count too (the limit also bounds
    // rendering work), so the API spends what is left of the burst, then the form is refused.
    // Should the 2-minute window turn in between, the form's post passes: spend again.
    const thread = paper.comment(id);
    for (let attempt = 0; attempt < 2; attempt++) {
      for (let i = 0; i < 6; i++) {
        if ((await post(page.request, writer!.cookie, "2306.13575", { body: `API ${attempt}.${i}` })).status() === 429)
          break;
      }
      await paper.goto(`#comment-${id}`);
      await thread.getByText("reply", { exact: true }).first().click();
      await thread.getByLabel("Your reply").first().fill("One too many.");
      await thread.getByRole("button", { name: "Reply" }).first().click();
      if (!/#comment-\d+$/.test(page.url())) break;
    }
    const refused = thread.getByTestId("comment-form").first();
    await expect(refused.getByRole("alert")).toContainText("Too many comments");
    await expect(refused.getByLabel("Your reply")).toHaveValue("One too many.");
  });
});
