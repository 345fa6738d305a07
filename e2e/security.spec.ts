import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { e2e } from "./config";
import { PaperPage } from "./pages/paper-page";
import { GitHubSignIn, signInWithGitHub } from "./pages/sign-in";

/**
 * Security headers and the Content-Security-Policy in real Chromium (docs/SECURITY.md): every
 * page type loads, hydrates and runs with no violation reported, and the headers are there.
 */

interface Watch {
  /** Violations reported by the page (securitypolicyviolation events) and CSP console messages. */
  problems(): Promise<string[]>;
}

async function watchCsp(page: Page): Promise<Watch> {
  const console: string[] = [];
  page.on("console", (message) => {
    // CSP refusals, and any header Chromium cannot parse (it says so in the console).
    if (/content.security.policy|refused to|permissions-policy|referrer.policy/i.test(message.text()))
      console.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  // Injected through the DevTools protocol, so the CSP does not apply to this script itself.
  await page.addInitScript(() => {
    const reported: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = reported;
    document.addEventListener("securitypolicyviolation", (event) => {
      reported.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return {
    async problems() {
      const reported = await page
        .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
        .catch(() => []);
      return [...reported, ...console];
    },
  };
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"], what).not.toContain("'unsafe-eval'");
  // The e2e site is http://localhost: no HSTS (it is sent only when SITE_URL is https).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

function scriptSrc(headers: Record<string, string>): string {
  return headers["content-security-policy"]!.split(";")
    .find((directive) => directive.trim().startsWith("script-src"))!
    .trim();
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  return response!.allHeaders();
}

// Several page loads and sign-ins per test, on a shared two-core machine.
test.describe.configure({ timeout: 90_000 });

test.describe("the Content-Security-Policy in the browser", () => {
  test("home, search, the API page and a prerendered page run under it with no violation", async ({ page }) => {
    const watch = await watchCsp(page);
    for (const path of ["/", "/search?q=attention", "/api", "/about", "/trending"]) {
      const headers = await visit(page, path);
      expectSecurityHeaders(headers, path);
      expect(scriptSrc(headers), path).not.toContain("'unsafe-inline'");
      expect(await watch.problems(), path).toEqual([]);
    }
    // Hydrated: a client-side navigation works (it needs React running).
    await page.goto("/");
    await page.getByRole("link", { name: "How ranking works" }).click();
    await expect(page).toHaveURL(/\/ranking$/);
    // Keyboard shortcuts are client code too.
    await page.goto("/");
    await expect(page.getByRole("button", { name: /^Keyboard shortcuts/ })).toBeVisible(); // shown once hydrated
    await page.keyboard.press("j");
    await expect(page.locator("[data-selected='true']")).toHaveCount(1);
    expect(await watch.problems()).toEqual([]);
  });

  test("an injected inline script is refused and reported", async ({ page }) => {
    const watch = await watchCsp(page);
    await visit(page, "/search?q=attention");
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect((await watch.problems()).join("\n")).toContain("script-src");
  });

  test("a fresh nonce on every render, on Next's own scripts", async ({ request }) => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const response = await request.get("/search?q=attention");
      const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"]!)?.[1];
      expect(nonce).toBeTruthy();
      expect(await response.text()).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test("a paper page with TeX in comments, signed in, and settings", async ({ page }) => {
    const watch = await watchCsp(page);
    await visit(page, "/papers/2309.10910");
    await signInWithGitHub(page, "csp-carla");
    const paper = new PaperPage(page, "2309.10910");
    await paper.postComment("Under the CSP: $\\int_0^1 x^2\\,dx = \\frac{1}{3}$ and $$\\sum_{i=1}^n i$$");
    const posted = paper.comments("Under the CSP").first();
    await expect(posted.locator(".katex")).toHaveCount(2);
    // KaTeX's inline style attributes apply: the fraction is laid out, not flat text.
    const heights = await posted
      .locator(".katex .vlist")
      .first()
      .evaluate((element) => (element as HTMLElement).style.height);
    expect(heights).not.toBe("");
    expectSecurityHeaders(await visit(page, "/papers/2309.10910"), "paper page");
    // The upvote button (client code) works.
    const upvote = page.locator("[data-upvote-control]").first();
    const before = await upvote.getAttribute("aria-pressed");
    await upvote.click();
    await expect(upvote).toHaveAttribute("aria-pressed", before === "true" ? "false" : "true");
    await upvote.click();
    await expect(upvote).toHaveAttribute("aria-pressed", before ?? "false");
    expectSecurityHeaders(await visit(page, "/settings"), "settings");
    expect(await watch.problems()).toEqual([]);
  });

  test("the OG image and a feed carry the headers and load without violation", async ({ page, request }) => {
    const watch = await watchCsp(page);
    for (const path of ["/og/paper/2309.10910", "/feeds/trending.rss"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expectSecurityHeaders(response.headers(), path);
    }
    await visit(page, "/og/paper/2309.10910");
    expect(await watch.problems()).toEqual([]);
    // Link-preview pages point at the image with an absolute URL that loads.
    await visit(page, "/papers/2309.10910");
    const ogImage = await page.locator("meta[property='og:image']").getAttribute("content");
    expect(ogImage).toContain("/og/paper/2309.10910");
  });

  test("the JSON API denies everything to a document and is not framed", async ({ request }) => {
    const response = await request.get("/api/papers/2309.10910");
    expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
  });

  test("the confirm and unsubscribe pages, whose URLs carry tokens, send no referrer", async ({ page }) => {
    const watch = await watchCsp(page);
    for (const path of [
      "/subscriptions/confirm?token=abc.def",
      "/unsubscribe?token=abc.def",
      "/notifications/unsubscribe?token=abc.def",
    ]) {
      const response = await page.goto(path);
      expect(response!.headers()["referrer-policy"], path).toBe("no-referrer");
      expect(response!.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    }
    expect(await watch.problems()).toEqual([]);
  });
});

test.describe("per-IP limits and proxies", () => {
  test("a client's own X-Forwarded-For does not choose its rate-limit key", async ({ request, sql }) => {
    const forged = "203.0.113.77";
    const response = await request.post("/api/subscriptions", {
      data: { email: "xff-check@example.org", frequency: "daily" },
      headers: { "x-forwarded-for": forged, "x-real-ip": forged, "x-paperboard-peer-address": forged },
    });
    expect(response.status()).toBe(202);
    const keys = (
      await sql<{ key: string }[]>`select key from rate_limit_counters where key like 'subscribe:ip:%'`
    ).map((row) => row.key);
    expect(keys).not.toContain(`subscribe:ip:${forged}`);
    expect(keys.some((key) => key === "subscribe:ip:127.0.0.1" || key === "subscribe:ip:::1")).toBe(true);
  });
});

async function inbox(request: APIRequestContext, address: string) {
  const all: { to: string[]; subject: string; text: string }[] = await (
    await request.get(`http://127.0.0.1:${e2e.mailboxPort}/messages`)
  ).json();
  return all.filter((mail) => mail.to.includes(address));
}

test.describe("the one-click digest subscription and unverified addresses", () => {
  test("a verified GitHub address subscribes at once; an unverified one gets the confirmation mail", async ({
    page,
    request,
    sql,
  }) => {
    await page.goto("/");
    await signInWithGitHub(page, "mixed-max");
    let box = page.locator("section", { hasText: "Get trending papers in your inbox" });
    await expect(box).toContainText("to max@example.com"); // the verified one, not the unverified primary
    await box.getByRole("button", { name: "Subscribe" }).click();
    await expect(box.getByRole("status")).toContainText("Subscribed");
    expect(await inbox(request, "max@example.com")).toHaveLength(0);
    await new GitHubSignIn(page).signOut();

    await signInWithGitHub(page, "unverified-uma");
    box = page.locator("section", { hasText: "Get trending papers in your inbox" });
    await expect(box).toContainText("to uma@example.com");
    await box.getByRole("button", { name: "Subscribe" }).click();
    await expect(box.getByRole("status")).toContainText("has not verified");
    await expect.poll(async () => (await inbox(request, "uma@example.com")).length).toBe(1);
    const [row] = await sql<{ status: string }[]>`select status from subscriptions where email = 'uma@example.com'`;
    expect(row?.status).toBe("pending");
  });
});

test.describe("admin roles follow the GitHub account, not the login", () => {
  test("another account taking an admin's login is not admin, and the old account loses it", async ({ page, sql }) => {
    // admin-ada (GitHub account 700002) is in ADMIN_GITHUB_LOGINS.
    await page.goto("/u/ada-lovelace");
    await signInWithGitHub(page, "admin-ada");
    await expect(page.getByRole("button", { name: "Make moderator" })).toBeVisible();
    await new GitHubSignIn(page).signOut();

    // Ada renamed; someone registered "admin-ada" on a new account (id 7000099) and signs in.
    await page.goto("/u/ada-lovelace");
    await signInWithGitHub(page, "admin-ada#7000099");
    await expect(page.getByTestId("user-menu")).toContainText("admin-ada");
    await expect(page.getByRole("button", { name: "Make moderator" })).toHaveCount(0);
    await page.goto("/u/admin-ada");
    await expect(page.getByText("Administrator")).toHaveCount(0);
    const rows = await sql<{ github_id: string; github_login: string | null; role: string }[]>`
      select github_id::text, github_login, role from users where github_id in (700002, 7000099) order by github_id`;
    expect(rows).toEqual([
      { github_id: "700002", github_login: null, role: "user" },
      { github_id: "7000099", github_login: "admin-ada", role: "user" },
    ]);
    await new GitHubSignIn(page).signOut();
    // The real admin-ada signs in again: her account takes the login back and is admin again.
    await page.goto("/u/ada-lovelace");
    await signInWithGitHub(page, "admin-ada");
    await expect(page.getByRole("button", { name: "Make moderator" })).toBeVisible();
    const [ada] = await sql<{ role: string }[]>`select role from users where github_id = 700002`;
    expect(ada?.role).toBe("admin");
  });
});

test.describe("signing out everywhere", () => {
  test("says that API tokens survive unless asked, and revokes them when asked", async ({ page, request }) => {
    await page.goto("/settings");
    await signInWithGitHub(page, "everywhere-eve");
    await page.goto("/settings");
    await expect(page.getByText("Your API tokens keep working unless you revoke them too.")).toBeVisible();
    await page.getByLabel("Token name").fill("laptop script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    const me = () => request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect((await (await me()).json()).viewer?.login).toBe("everywhere-eve");

    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page.getByRole("button", { name: "Sign in with GitHub" }).first()).toBeVisible();
    expect((await (await me()).json()).viewer?.login, "tokens survive a plain sign-out everywhere").toBe(
      "everywhere-eve",
    );

    await page.goto("/settings");
    await signInWithGitHub(page, "everywhere-eve");
    await page.goto("/settings");
    await page.getByLabel("Also revoke all my API tokens").check();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page.getByRole("button", { name: "Sign in with GitHub" }).first()).toBeVisible();
    expect((await me()).status(), "a revoked token is refused").toBe(401);
  });
});
