import { expect, test } from "./fixtures";
import { e2e } from "./config";
import { signInWithGitHub } from "./pages/sign-in";
import { makeSessions } from "./sessions";

test.describe("submitting papers", () => {
  test("submit by URL, land on the paper; submit again, land on the same page", async ({ page }) => {
    await page.goto("/submit");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsubmit/);
    await page.goto("/");
    await signInWithGitHub(page, "submitter-sam");
    await page.getByRole("link", { name: "Submit", exact: true }).click();
    await page.getByLabel("arXiv id or URL").fill("https://arxiv.org/abs/2305.18290v2");
    await page.getByLabel(/Code repository/).fill("https://github.com/eric-mitchell/direct-preference-optimization");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page).toHaveURL(/\/papers\/2305\.18290$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Direct Preference Optimization");
    await expect(page.getByText("Submitted by")).toContainText("submitter-sam");
    await expect(page.getByRole("link", { name: /Code \(github\.com\/eric-mitchell/ })).toBeVisible();
    // Its stars were read from (the fake) GitHub at submission.
    await expect(page.getByTestId("github-stars")).toContainText("2.8k");

    await page.goto("/submit");
    await page.getByLabel("arXiv id or URL").fill("arXiv:2305.18290");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page).toHaveURL(/\/papers\/2305\.18290$/);

    // A paper of the demo data: straight to its page, nothing changes.
    await page.goto("/submit");
    await page.getByLabel("arXiv id or URL").fill("https://arxiv.org/pdf/2312.00752");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page).toHaveURL(/\/papers\/2312\.00752$/);

    await page.goto("/u/submitter-sam");
    await expect(page.locator("section", { hasText: "Submitted papers" }).getByTestId("paper-card")).toHaveCount(1);
  });

  test("bad ids and unknown papers get a clear message", async ({ page }) => {
    await page.goto("/");
    await signInWithGitHub(page, "submitter-sue");
    await page.goto("/submit");
    await page.getByLabel("arXiv id or URL").fill("the mamba paper");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "arXiv id" })).toContainText("is not an arXiv identifier");
    await page.getByLabel("arXiv id or URL").fill("2312.99999");
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByText("arXiv has no paper 2312.99999.")).toBeVisible();
  });

  test("old-style ids, which contain a slash, work in pages and the API", async ({ page, request }) => {
    const [caller] = await makeSessions("old-style", 1);
    const headers = { origin: e2e.baseUrl, cookie: caller!.cookie, "content-type": "application/json" };
    const created = await request.post("/api/papers", { data: { arxivId: "hep-th/9711200" }, headers });
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({
      id: "hep-th/9711200",
      submittedBy: { name: caller!.userId, type: "user" },
    });
    const again = await request.post("/api/papers", {
      data: { arxivId: "https://arxiv.org/abs/hep-th/9711200v3" },
      headers,
    });
    expect(again.status()).toBe(200);

    expect((await request.get("/api/papers/hep-th/9711200")).status()).toBe(200);
    const markdown = await request.get("/papers/hep-th/9711200.md");
    expect(markdown.status()).toBe(200);
    expect(markdown.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(await markdown.text()).toContain("[arXiv:hep-th/9711200](https://arxiv.org/abs/hep-th/9711200)");
    const vote = await request.put("/api/papers/hep-th/9711200/vote", { data: { upvoted: true }, headers });
    expect(await vote.json()).toEqual({ upvoted: true, upvotes: 1 });
    await page.goto("/papers/hep-th/9711200");
    await expect(page.getByText("arXiv:hep-th/9711200")).toBeVisible();
    await expect(page.getByTestId("upvote-count")).toHaveText("1");

    expect((await request.post("/api/papers", { data: { arxivId: "nope" }, headers })).status()).toBe(400);
    expect((await request.post("/api/papers", { data: { arxivId: "2312.99999" }, headers })).status()).toBe(404);
    expect(
      (
        await request.post("/api/papers", { data: { arxivId: "2312.00752" }, headers: { origin: e2e.baseUrl } })
      ).status(),
    ).toBe(401);
  });
});
