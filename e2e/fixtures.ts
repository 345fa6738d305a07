import { test as base, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { e2e } from "./config";
import { e2eSql, type E2eSql } from "./db";

export { expect } from "@playwright/test";
export type { APIRequestContext, APIResponse, Browser, BrowserContext, Locator, Page } from "@playwright/test";

export type E2eDb = PostgresJsDatabase;

interface WorkerFixtures {
  /**
   * A connection to the e2e database, for arranging data the UI cannot create and for checking
   * what a request wrote. One per worker, usable in `beforeAll` too; it ends when the worker does.
   */
  sql: E2eSql;
  /**
   * The e2e database through Drizzle, for calling the app's own db/ functions (the recount of
   * `npm run db:recount`). A connection of its own: Drizzle makes the client it wraps return
   * dates as strings, which would change what `sql` answers.
   */
  db: E2eDb;
}

/** A browser context's options, plus the session cookie to sign it in with. */
export type NewPageOptions = BrowserContextOptions & {
  /** `authjs.session-token=…`, as `makeSessions` returns it; signed out without one. */
  cookie?: string;
};

interface TestFixtures {
  /**
   * Opens a page in a browser context of its own (another reader beside `page`, a page without
   * JavaScript, a phone's viewport, a second app server's `baseURL`), signed in when given a
   * session cookie. Every context it opened is closed when the test ends, whatever its outcome
   * (closing one earlier, `page.context().close()`, frees its browser sooner; a second close is
   * a no-op).
   */
  newPage: (options?: NewPageOptions) => Promise<Page>;
}

/** Playwright's `test` with Paperboard's fixtures: every spec imports `test` and `expect` from here. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  sql: [
    // Playwright reads the fixtures a fixture needs from its first parameter's pattern: none here.
    async ({}, use) => {
      const sql = e2eSql();
      await use(sql);
      await sql.end();
    },
    { scope: "worker" },
  ],

  db: [
    async ({}, use) => {
      const client = e2eSql();
      await use(drizzle(client));
      await client.end();
    },
    { scope: "worker" },
  ],

  newPage: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async ({ cookie, ...options } = {}) => {
      const baseURL = options.baseURL ?? e2e.baseUrl;
      const context = await browser.newContext({ ...options, baseURL });
      contexts.push(context);
      if (cookie) {
        const [name, value] = cookie.split("=") as [string, string];
        await context.addCookies([{ name, value, url: baseURL }]);
      }
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});
