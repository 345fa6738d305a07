import { readFile } from "node:fs/promises";
import { recountCounters } from "../db/maintenance";
import { e2e } from "./config";
import { expect, test, type APIRequestContext, type E2eDb } from "./fixtures";
import { signInWithGitHub } from "./pages/sign-in";
import { makeSessions } from "./sessions";

/**
 * Your data (export, deleting your account) and the moderators' spammer removal, each
 * followed by the recount of `npm run db:recount`, which must find nothing to correct.
 */

const PAPER = "2406.12845";

/** What `npm run db:recount` does, on the e2e database: how many counters it corrected. */
async function recountCorrections(db: E2eDb): Promise<number> {
  return (await db.transaction((tx) => recountCounters(tx))).total;
}

async function upvotesOf(request: APIRequestContext, arxivId: string): Promise<number> {
  return (await (await request.get(`/api/papers/${arxivId}`)).json()).upvotes;
}

const write = (cookie: string) => ({ cookie, origin: e2e.baseUrl, "content-type": "application/json" });

test.describe("your data", () => {
  test("export from the settings page: one JSON file with my votes and comments", async ({ page, db }) => {
    test.slow(); // a real GitHub sign-in, a download and a recount
    await page.goto("/");
    await signInWithGitHub(page, "exporting-eve");
    const origin = { origin: e2e.baseUrl };
    expect(
      (await page.request.put(`/api/papers/${PAPER}/vote`, { data: { upvoted: true }, headers: origin })).status(),
    ).toBe(200);
    const comment = await page.request.post(`/api/papers/${PAPER}/comments`, {
      data: { body: "My *exported* words" },
      headers: origin,
    });
    expect(comment.status()).toBe(201);

    await page.goto("/settings");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download your data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^paperboard-exporting-eve-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(document.format).toBe("paperboard-export/1");
    expect(document.profile.login).toBe("exporting-eve");
    expect(document.votes.map((vote: { arxivId: string }) => vote.arxivId)).toEqual([PAPER]);
    expect(document.comments.map((row: { body: string }) => row.body)).toEqual(["My *exported* words"]);
    expect(await recountCorrections(db)).toBe(0);
  });

  test("delete my account from the settings page: refused without the login, then gone; the login is free again", async ({
    page,
    request,
    db,
  }) => {
    test.slow(); // two real GitHub sign-ins and a recount
    await page.goto("/");
    await signInWithGitHub(page, "leaving-lee");
    const origin = { origin: e2e.baseUrl };
    const before = await upvotesOf(request, PAPER);
    expect(
      (await page.request.put(`/api/papers/${PAPER}/vote`, { data: { upvoted: true }, headers: origin })).status(),
    ).toBe(200);
    const posted = await page.request.post(`/api/papers/${PAPER}/comments`, {
      data: { body: "Words I will take back" },
      headers: origin,
    });
    const commentId = (await posted.json()).id;
    expect(await upvotesOf(request, PAPER)).toBe(before + 1);

    await page.goto("/settings");
    await expect(page.getByText("with their text removed")).toBeVisible();
    await page.getByLabel("Type leaving-lee to confirm").fill("someone-else");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByText("type your login, leaving-lee, to confirm")).toBeVisible();

    await page.getByLabel("Type leaving-lee to confirm").fill("leaving-lee");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/account-deleted$/);
    await expect(page.getByRole("heading", { name: "Your account has been deleted" })).toBeVisible();
    expect((await (await page.request.get("/api/me")).json()).viewer).toBeNull();
    expect(await upvotesOf(request, PAPER)).toBe(before);
    await page.goto(`/papers/${PAPER}`);
    const tombstone = page.locator(`#comment-${commentId}`);
    await expect(tombstone).toContainText("[deleted user]");
    await expect(tombstone).not.toContainText("Words I will take back");
    expect(await recountCorrections(db)).toBe(0);

    // Signing in again with the same GitHub login makes a fresh, empty account.
    await page.goto("/");
    await signInWithGitHub(page, "leaving-lee");
    await page.goto("/u/leaving-lee");
    await expect(page.getByText("No upvotes yet.")).toBeVisible();
    await expect(page.getByText("No comments yet.")).toBeVisible();
  });

  test("delete my account without JavaScript", async ({ request, newPage, sql, db }) => {
    const [me] = await makeSessions("nojs-leaver", 1);
    const before = await upvotesOf(request, PAPER);
    expect(
      (
        await request.put(`/api/papers/${PAPER}/vote`, { data: { upvoted: true }, headers: write(me!.cookie) })
      ).status(),
    ).toBe(200);
    const page = await newPage({ cookie: me!.cookie, javaScriptEnabled: false });
    await page.goto("/settings");
    await page.getByLabel(`Type ${me!.userId} to confirm`).fill(me!.userId);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/account-deleted$/);
    expect(await sql`select 1 from users where id = ${me!.userId}`).toHaveLength(0);
    expect(await sql`select 1 from sessions where user_id = ${me!.userId}`).toHaveLength(0);
    expect(await upvotesOf(request, PAPER)).toBe(before);
    expect(await recountCorrections(db)).toBe(0);
  });

  test("the API: export with a token; deletion needs the session, this site's Origin and the login", async ({
    request,
    db,
  }) => {
    const [me] = await makeSessions("api-leaver", 1);
    const created = await request.post("/api/tokens", { data: { name: "script" }, headers: write(me!.cookie) });
    const { token } = await created.json();
    const exported = await request.get("/api/me/export", { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status()).toBe(200);
    expect(exported.headers()["content-disposition"]).toMatch(/^attachment; filename="paperboard-api-leaver/);
    expect((await exported.json()).apiTokens).toEqual([expect.objectContaining({ name: "script" })]);
    expect((await request.get("/api/me/export")).status()).toBe(401);

    const remove = (headers: Record<string, string>, body: unknown) =>
      request.delete("/api/me", { headers, data: JSON.stringify(body) });
    expect(
      (
        await remove({ authorization: `Bearer ${token}`, "content-type": "application/json" }, { login: me!.userId })
      ).status(),
    ).toBe(403);
    expect(
      (await remove({ cookie: me!.cookie, "content-type": "application/json" }, { login: me!.userId })).status(),
    ).toBe(403);
    const wrong = await remove(write(me!.cookie), { login: "not-me" });
    expect(wrong.status()).toBe(422);
    expect((await wrong.json()).field).toBe("login");
    expect((await remove(write(me!.cookie), { nope: 1 })).status()).toBe(400);
    expect((await remove(write(me!.cookie), { login: me!.userId })).status()).toBe(204);
    expect((await (await request.get("/api/me", { headers: { cookie: me!.cookie } })).json()).viewer).toBeNull();
    expect((await request.get("/api/me/export", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
    expect(await recountCorrections(db)).toBe(0);
  });
});

test.describe("removing a spammer", () => {
  test("a moderator removes a spam account from its profile page, with everything it did", async ({
    request,
    newPage,
    sql,
    db,
  }) => {
    test.slow(); // several pages, a transaction that rewrites snapshots, and a recount
    const [spammer] = await makeSessions("spammer", 1);
    const [moderator] = await makeSessions("moderator", 1);
    await sql`update users set role = 'moderator' where id = ${moderator!.userId}`;
    const before = await upvotesOf(request, PAPER);
    expect(
      (
        await request.put(`/api/papers/${PAPER}/vote`, { data: { upvoted: true }, headers: write(spammer!.cookie) })
      ).status(),
    ).toBe(200);
    const posted = await request.post(`/api/papers/${PAPER}/comments`, {
      data: { body: "Cheap pills here" },
      headers: write(spammer!.cookie),
    });
    expect(posted.status()).toBe(201);

    const page = await newPage({ cookie: moderator!.cookie });
    await page.goto(`/u/${spammer!.userId}`);
    await page.getByText("Remove as spammer…").click();
    await page.getByLabel("Removal reason").fill("selling pills");
    await page.getByLabel(`Type ${spammer!.userId} to confirm`).fill(spammer!.userId);
    await page.getByRole("button", { name: "Remove account and everything it did" }).click();
    await expect(page).toHaveURL(/\/moderation$/);
    await expect(page.getByText(`Removed ${spammer!.userId}: 1 vote(s) and 1 comment(s).`)).toBeVisible();
    await expect(
      page.getByTestId("moderation-log").locator("tr", { hasText: `removed the spam account ${spammer!.userId}` }),
    ).toContainText("selling pills");
    expect((await page.goto(`/u/${spammer!.userId}`))?.status()).toBe(404);
    await page.goto(`/papers/${PAPER}`);
    await expect(page.getByText("Cheap pills here")).toHaveCount(0);
    expect(await upvotesOf(request, PAPER)).toBe(before);
    expect(
      (await request.get("/api/me", { headers: { cookie: spammer!.cookie } }).then((r) => r.json())).viewer,
    ).toBeNull();
    expect(await recountCorrections(db)).toBe(0);
  });

  test("the button is for moderators only", async ({ newPage }) => {
    const [target, plain] = await makeSessions("not-a-mod", 2);
    const page = await newPage({ cookie: plain!.cookie });
    await page.goto(`/u/${target!.userId}`);
    await expect(page.getByRole("heading", { name: target!.userId })).toBeVisible();
    await expect(page.getByText("Remove as spammer…")).toHaveCount(0);
  });
});
