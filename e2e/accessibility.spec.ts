import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { e2e } from "./config";
import { makeSessions } from "./sessions";

/**
 * WCAG 2.1 AA on every page, checked by axe-core in Chromium: light and dark colour scheme,
 * a 1280-px desktop and a 360-px phone, signed out and signed in (as a moderator, who sees
 * the most controls). Zero violations, no rule disabled, no element excluded.
 *
 * Add a page by appending to PAGES. `path` may depend on the demo data found in beforeAll;
 * `signedIn` says which variants apply ("both" unless the page is only for one of them);
 * `interact` runs after the first check, and the page is checked again in that state (an
 * open menu, a collapsed comment thread).
 */
interface Fixture {
  /** A paper with votes and a comment thread (a root comment with a reply). */
  paperId: string;
  author: string;
  searchQuery: string;
  /** The latest day with a trending snapshot. */
  snapshotDay: string;
  commenterLogin: string;
}

interface A11yPage {
  name: string;
  path: string | ((fixture: Fixture) => string);
  signedIn?: "both" | "only" | "never";
  interact?: (page: Page) => Promise<void>;
  /** A document outside the site's layout (the digest e-mail as sent): no header to wait for. */
  standalone?: boolean;
}

export const PAGES: A11yPage[] = [
  {
    name: "home",
    path: "/",
    interact: async (page) => {
      const menu = page.getByTestId("user-menu");
      if (await menu.count()) {
        await menu.locator("summary").click();
        await expect(menu.getByRole("link", { name: "Settings" })).toBeVisible();
      }
    },
  },
  { name: "trending snapshot", path: (f) => `/trending/${f.snapshotDay}` },
  { name: "daily", path: "/daily" },
  { name: "weekly", path: "/weekly" },
  { name: "monthly", path: "/monthly" },
  { name: "new", path: "/new" },
  {
    name: "paper with comments",
    path: (f) => `/papers/${f.paperId}`,
    interact: async (page) => {
      // Collapse the first thread: the toggle, its "replies hidden" note, nothing hidden but reachable.
      const first = page.getByTestId("comment").first();
      await first.locator("summary").first().click();
      await expect(first.locator("details").first()).not.toHaveAttribute("open");
    },
  },
  { name: "search", path: (f) => `/search?q=${encodeURIComponent(f.searchQuery)}` },
  { name: "author", path: (f) => `/authors/${encodeURIComponent(f.author)}` },
  { name: "profile", path: (f) => `/u/${f.commenterLogin}` },
  { name: "submit", path: "/submit", signedIn: "only" },
  { name: "settings", path: "/settings", signedIn: "only" },
  { name: "moderation log", path: "/moderation" },
  { name: "moderation reports", path: "/moderation/reports", signedIn: "only" },
  { name: "ranking", path: "/ranking" },
  { name: "about", path: "/about" },
  { name: "API docs", path: "/api" },
  // The e-mail as subscribers receive it: the same for everyone.
  { name: "digest", path: (f) => `/digest/${f.snapshotDay}`, signedIn: "never", standalone: true },
  { name: "sign-in", path: "/signin", signedIn: "never" },
  // Issue #18's pages (e2e/notifications.spec.ts checks the inbox with notifications in it too).
  { name: "following", path: "/following" },
  { name: "following, manage", path: "/following/manage", signedIn: "only" },
  { name: "saved", path: "/saved", signedIn: "only" },
  { name: "notifications", path: "/notifications", signedIn: "only" },
];

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 360, height: 740 },
] as const;
const SCHEMES = ["light", "dark"] as const;

let fixture: Fixture;
let moderatorCookie: string;
let checks = 0;
let violationNodes = 0;

test.beforeAll(async ({ sql }) => {
  const [moderator, commenter, replier] = await makeSessions("a11y", 3);
  await sql`update users set role = 'moderator' where id = ${moderator!.userId}`;
  const [paper] = await sql<{ arxiv_id: string; title: string }[]>`
    select arxiv_id, title from papers where upvotes > 0 order by upvotes desc, arxiv_id limit 1`;
  const [author] = await sql<{ name: string }[]>`
    select a.name from paper_authors a join papers p on p.id = a.paper_id where p.arxiv_id = ${paper!.arxiv_id} order by a.position limit 1`;
  const [snapshot] = await sql<{ day: string }[]>`select max(date)::text as day from trending_snapshot_runs`;
  moderatorCookie = moderator!.cookie;
  fixture = {
    paperId: paper!.arxiv_id,
    author: author!.name,
    searchQuery: paper!.title.split(/\s+/).slice(0, 2).join(" "),
    snapshotDay: snapshot!.day,
    commenterLogin: commenter!.userId,
  };

  // A thread with what comment bodies can hold: a code block, inline and display math, a link.
  const headers = (cookie: string) => ({ origin: e2e.baseUrl, cookie, "content-type": "application/json" });
  const { request } = await import("@playwright/test");
  const api = await request.newContext({ baseURL: e2e.baseUrl });
  try {
    const root = await api.post(`/api/papers/${fixture.paperId}/comments`, {
      headers: headers(commenter!.cookie),
      data: {
        body: "Does the bound hold for $n \\ge 2$? See [the appendix](https://arxiv.org/abs/1706.03762).\n\n```python\nfor step in range(1000):\n    loss = model(batch).mean()  # a long line that has to scroll sideways on a phone screen\n```\n\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$",
      },
    });
    expect(root.status(), await root.text()).toBe(201);
    const { id } = (await root.json()) as { id: number };
    const reply = await api.post(`/api/papers/${fixture.paperId}/comments`, {
      headers: headers(replier!.cookie),
      data: { body: "Yes, by induction.", parentId: id },
    });
    expect(reply.status(), await reply.text()).toBe(201);
  } finally {
    await api.dispose();
  }
});

async function check(page: Page, label: string) {
  // Violations only: collecting every pass and "incomplete" node costs time and says nothing here.
  // options() replaces every option, so it comes before withTags(), which sets runOnly.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ["violations"] })
    .withTags(WCAG_21_AA)
    .analyze();
  checks++;
  violationNodes += results.violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes
      .slice(0, 5)
      .map((node) => `${node.target.join(" ")}: ${node.failureSummary?.split("\n").slice(0, 3).join(" ")}`),
    count: violation.nodes.length,
  }));
  if (violations.length > 0) console.log(`${label}: ${JSON.stringify(violations)}`);
  // Soft: one run reports every variant's violations, not only the first.
  expect.soft(violations, `${label}\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/**
 * One page in one sign-in state: loaded once, then checked at each width and in each colour
 * scheme (both are CSS media features, so the page need not load again), and once more
 * after its interaction, at opposite corners (desktop light, phone dark).
 */
async function checkPage(page: Page, entry: A11yPage, signedIn: boolean) {
  const path = typeof entry.path === "function" ? entry.path(fixture) : entry.path;
  const state = signedIn ? "signed in" : "signed out";
  const response = await page.goto(path);
  expect(response?.status(), `${path} ${state}`).toBe(200);
  // Hydrated: the header's account corner is in its final state.
  if (!entry.standalone) await expect(page.locator("[data-account-ready]")).toHaveCount(1);
  const variants = VIEWPORTS.flatMap((viewport) => SCHEMES.map((scheme) => ({ viewport, scheme })));
  for (const { viewport, scheme } of variants) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.emulateMedia({ colorScheme: scheme });
    await check(page, `${entry.name} (${path}), ${scheme}, ${viewport.name}, ${state}`);
  }
  if (entry.interact) {
    await entry.interact(page);
    for (const { viewport, scheme } of [variants[0]!, variants.at(-1)!]) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: scheme });
      await check(page, `${entry.name} (${path}) after interaction, ${scheme}, ${viewport.name}, ${state}`);
    }
  }
}

test.describe("accessibility: WCAG 2.1 AA by axe-core", () => {
  for (const entry of PAGES) {
    const signedInStates = entry.signedIn === "only" ? [true] : entry.signedIn === "never" ? [false] : [false, true];
    for (const signedIn of signedInStates) {
      test(`${entry.name}, ${signedIn ? "signed in" : "signed out"}: light and dark, desktop and phone`, async ({
        newPage,
      }) => {
        // Four or six axe runs of a second or two each; far more on a loaded two-core machine.
        test.setTimeout(180_000);
        await checkPage(await newPage({ cookie: signedIn ? moderatorCookie : undefined }), entry, signedIn);
      });
    }
  }

  test.afterAll(() => {
    console.log(`axe: ${checks} checks of ${PAGES.length} pages, ${violationNodes} violating elements`);
  });
});
