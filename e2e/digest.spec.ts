import { expect, test, type APIRequestContext } from "./fixtures";
import { e2e } from "./config";

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

async function inbox(request: APIRequestContext, address: string): Promise<Mail[]> {
  const all: Mail[] = await (await request.get(`http://127.0.0.1:${e2e.mailboxPort}/messages`)).json();
  return all.filter((mail) => mail.to.includes(address));
}

test.describe("the e-mail digest", () => {
  test("subscribe on the home page, confirm from the e-mail, open the preview", async ({ page, request }) => {
    await page.goto("/");
    const box = page.locator("section", { hasText: "Get trending papers in your inbox" });
    await box.getByLabel("E-mail address").fill("Reader.Rae@Example.org");
    await box.getByLabel("Frequency").selectOption("weekly");
    await box.getByRole("button", { name: "Subscribe" }).click();
    await expect(box.getByRole("status")).toContainText("Check your inbox");

    await expect.poll(async () => (await inbox(request, "reader.rae@example.org")).length).toBe(1);
    const [confirmation] = await inbox(request, "reader.rae@example.org");
    expect(confirmation!.subject).toMatch(/confirm/i);
    const link = /http:\/\/localhost:\d+\/subscriptions\/confirm\?token=[\w.-]+/.exec(confirmation!.text)?.[0];
    expect(link, "a confirmation link").toBeDefined();

    await page.goto(link!);
    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await expect(page.getByRole("status")).toContainText("Confirmed");

    await page.goto("/trending");
    const day = page.url().slice(-10);
    const preview = await page.goto(`/digest/${day}`);
    expect(preview?.status()).toBe(200);
    const snapshot = await (await request.get(`/api/trending/${day}`)).json();
    const top = snapshot.items.slice(0, 10).map((item: { id: string }) => item.id);
    const linked = await page
      .locator("a[href*='/papers/']")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    for (const arxivId of top)
      expect(
        linked.some((href) => href?.endsWith(`/papers/${arxivId}`)),
        arxivId,
      ).toBe(true);
    await expect(page.locator("a[href*='/papers/']")).toHaveCount(linked.length);
    expect(await page.locator("script").count()).toBe(0);
    expect((await request.get("/digest/1999-01-01")).status()).toBe(404);
  });

  test("POST /api/subscriptions answers 202 whatever the address's state", async ({ request }) => {
    const body = { email: "same@example.org", frequency: "daily" };
    const first = await request.post("/api/subscriptions", { data: body });
    const second = await request.post("/api/subscriptions", { data: body });
    expect([first.status(), second.status()]).toEqual([202, 202]);
    expect(await first.json()).toEqual(await second.json());
    const bad = await request.post("/api/subscriptions", {
      data: { email: "x@example.org\r\nBcc: y@example.org", frequency: "daily" },
    });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "email" });
    expect(
      (await request.post("/api/subscriptions", { data: { email: "x@example.org", frequency: "hourly" } })).status(),
    ).toBe(400);
    expect(
      (await request.post("/api/unsubscribe?token=forged", { form: { "List-Unsubscribe": "One-Click" } })).status(),
    ).toBe(400);
  });
});
