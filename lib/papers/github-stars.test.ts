import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { githubRepos, githubStarSamples, papers } from "@/db/schema";
import { resetEnvCache } from "../env";
import { githubRepoKey } from "../identity/github-client";
import {
  githubPausedUntil,
  githubRepoKeySql,
  refreshGithubStars,
  refreshStarsOfCodeUrl,
  resetGithubPause,
} from "./github-stars";
import { getPaper } from "./papers";

/**
 * The stars job against a fake GitHub REST API on loopback: conditional requests, a renamed
 * repository (301), a deleted one (404), and rate limits (403 with X-RateLimit-Reset, 429
 * with Retry-After).
 */

const database = withTestDatabase();

interface Repo {
  fullName: string;
  stars: number;
  etag: string;
}

class FakeGitHub {
  server!: Server;
  baseUrl = "";
  requests: { path: string; ifNoneMatch: string | undefined; authorization: string | undefined }[] = [];
  repos = new Map<string, Repo>();
  /** Old name → repository id: answers 301 to /repositories/{id}. */
  moved = new Map<string, number>();
  byId = new Map<number, string>();
  /** The next answers are this refusal. */
  refusals: { status: 403 | 429; headers: Record<string, string> }[] = [];

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(request: IncomingMessage, response: import("node:http").ServerResponse): void {
    const path = request.url ?? "";
    this.requests.push({
      path,
      ifNoneMatch: request.headers["if-none-match"],
      authorization: request.headers.authorization,
    });
    const refusal = this.refusals.shift();
    if (refusal) {
      response.writeHead(refusal.status, { "content-type": "application/json", ...refusal.headers });
      response.end(JSON.stringify({ message: "API rate limit exceeded" }));
      return;
    }
    const byName = /^\/repos\/([^/]+\/[^/]+)$/.exec(path);
    const byId = /^\/repositories\/(\d+)$/.exec(path);
    const name = byName
      ? decodeURIComponent(byName[1]!).toLowerCase()
      : byId
        ? this.byId.get(Number(byId[1]))
        : undefined;
    if (byName && this.moved.has(name!)) {
      const id = this.moved.get(name!)!;
      response.writeHead(301, { location: `${this.baseUrl}/repositories/${id}`, "content-type": "application/json" });
      response.end(JSON.stringify({ message: "Moved Permanently", url: `${this.baseUrl}/repositories/${id}` }));
      return;
    }
    const repo = name ? this.repos.get(name) : undefined;
    if (!repo) {
      response.writeHead(404, { "content-type": "application/json", "x-ratelimit-remaining": "50" });
      response.end(JSON.stringify({ message: "Not Found" }));
      return;
    }
    if (request.headers["if-none-match"] === repo.etag) {
      response.writeHead(304, { etag: repo.etag, "x-ratelimit-remaining": "50" });
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json", etag: repo.etag, "x-ratelimit-remaining": "50" });
    response.end(JSON.stringify({ id: 1, full_name: repo.fullName, stargazers_count: repo.stars, forks_count: 3 }));
  }

  add(fullName: string, stars: number, etag = `"${fullName}-${stars}"`): void {
    this.repos.set(fullName.toLowerCase(), { fullName, stars, etag });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const github = new FakeGitHub();
const DAY = 86_400_000;
// Ten days ago at 09:00 UTC: the week's gain is computed against the real date in SQL.
const start = new Date(Math.floor((Date.now() - 10 * DAY) / DAY) * DAY + 9 * 3600_000);
const dayOf = (offset: number) => new Date(start.getTime() + offset * DAY).toISOString().slice(0, 10);

async function repoRow(key: string) {
  const [row] = await database.db().select().from(githubRepos).where(eq(githubRepos.key, key));
  return row;
}
async function samples(key: string) {
  return database
    .db()
    .select({ day: githubStarSamples.day, stars: githubStarSamples.stars })
    .from(githubStarSamples)
    .where(eq(githubStarSamples.repoKey, key))
    .orderBy(githubStarSamples.day);
}

describe("GitHub stars", () => {
  beforeAll(async () => {
    await github.start();
    process.env.GITHUB_API_URL = github.baseUrl;
    process.env.GITHUB_TOKEN = "ghp_test_token";
    resetEnvCache();
    github.add("state-spaces/mamba", 16_000);
    github.add("new-owner/new-name", 77);
    github.byId.set(42, "new-owner/new-name");
    github.moved.set("old-owner/old-name", 42);
    await database
      .db()
      .insert(papers)
      .values([
        { arxivId: "2312.00752", title: "Mamba", codeUrl: "https://github.com/State-Spaces/Mamba" },
        { arxivId: "2401.00001", title: "Renamed", codeUrl: "https://github.com/old-owner/old-name/tree/main" },
        { arxivId: "2401.00002", title: "Deleted", codeUrl: "https://github.com/gone/away" },
        { arxivId: "2401.00003", title: "Not GitHub", codeUrl: "https://gitlab.com/a/b" },
      ]);
  });
  afterAll(async () => {
    await github.close();
    delete process.env.GITHUB_API_URL;
    delete process.env.GITHUB_TOKEN;
    resetEnvCache();
  });
  beforeEach(() => {
    resetGithubPause();
    github.requests = [];
  });

  it("matches code URLs in SQL exactly as in TypeScript", async () => {
    const urls = [
      "https://github.com/State-Spaces/Mamba",
      "http://www.github.com/openai/weak-to-strong.git",
      "https://github.com/NVlabs/Minitron/tree/main/x",
      "https://github.com/a/b.c?tab=readme",
      "https://github.com/acme",
      "https://gitlab.com/a/b",
      "https://github.com.evil.example/a/b",
    ];
    for (const url of urls) {
      const [row] = await database
        .db()
        .execute<{ key: string | null }>(sql`select ${githubRepoKeySql(sql`${url}::text`)} as key`);
      expect(row!.key, url).toBe(githubRepoKey(url));
    }
  });

  it("reads every linked repository once a day: stars, renames and deletions", async () => {
    const summary = await refreshGithubStars(start);
    expect(summary).toMatchObject({ checked: 2, renamed: 1, gone: 1, failed: 0, pausedUntil: null });
    expect(github.requests.every((request) => request.authorization === "Bearer ghp_test_token")).toBe(true);

    expect(await repoRow("state-spaces/mamba")).toMatchObject({
      fullName: "state-spaces/mamba",
      stars: 16_000,
      etag: '"state-spaces/mamba-16000"',
    });
    expect(await samples("state-spaces/mamba")).toEqual([{ day: dayOf(0), stars: 16_000 }]);

    // 301: followed to the new name, which is stored, and the paper links it.
    expect(github.requests.map((request) => request.path)).toContain("/repositories/42");
    expect(await repoRow("old-owner/old-name")).toBeUndefined();
    expect(await repoRow("new-owner/new-name")).toMatchObject({ fullName: "new-owner/new-name", stars: 77 });
    expect((await getPaper("2401.00001"))!.codeUrl).toBe("https://github.com/new-owner/new-name");
    expect((await getPaper("2401.00001"))!.githubStars).toBe(77);

    // 404: kept, marked gone, never shown, never asked again.
    expect((await repoRow("gone/away"))!.goneAt).not.toBeNull();
    expect((await getPaper("2401.00002"))!.githubStars).toBeNull();
    expect((await getPaper("2401.00003"))!.githubStars).toBeNull();

    // Within the day nothing is due.
    github.requests = [];
    expect(await refreshGithubStars(new Date(start.getTime() + 3600_000))).toMatchObject({
      checked: 0,
      notModified: 0,
    });
    expect(github.requests).toEqual([]);
  });

  it("asks conditionally the next day; a 304 still records the day's sample", async () => {
    const nextDay = new Date(start.getTime() + DAY);
    const summary = await refreshGithubStars(nextDay);
    expect(summary).toMatchObject({ notModified: 2, checked: 0 });
    const mamba = github.requests.find((request) => request.path === "/repos/state-spaces/mamba");
    expect(mamba?.ifNoneMatch).toBe('"state-spaces/mamba-16000"');
    expect(github.requests.some((request) => request.path.startsWith("/repos/gone/"))).toBe(false);
    expect(await samples("state-spaces/mamba")).toEqual([
      { day: dayOf(0), stars: 16_000 },
      { day: dayOf(1), stars: 16_000 },
    ]);
  });

  it("shows the gain since the sample a week before", async () => {
    // Days 2 to 7: the repository grows by 50 a day.
    for (let day = 2; day <= 7; day++) {
      github.add("state-spaces/mamba", 16_000 + 50 * (day - 1));
      await refreshGithubStars(new Date(start.getTime() + day * DAY));
    }
    const paper = await getPaper("2312.00752");
    expect(paper!.githubStars).toBe(16_300);
    // Today is day 10: the newest sample at least 7 days old is day 3's, 16,100.
    expect(paper!.githubStarsThisWeek).toBe(200);
    expect(await samples("state-spaces/mamba")).toHaveLength(8);
  });

  it("stops at a primary rate limit (403, X-RateLimit-Reset) until the reset", async () => {
    const now = new Date(start.getTime() + 20 * DAY);
    const reset = Math.floor(now.getTime() / 1000) + 900;
    github.refusals.push({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
    });
    const summary = await refreshGithubStars(now);
    expect(summary.pausedUntil).toEqual(new Date(reset * 1000));
    expect(github.requests).toHaveLength(1);
    expect(githubPausedUntil(now)).toEqual(new Date(reset * 1000));

    // Before the reset: not a single request, at submission either.
    github.requests = [];
    expect((await refreshGithubStars(new Date(now.getTime() + 60_000))).pausedUntil).toEqual(new Date(reset * 1000));
    expect(
      await refreshStarsOfCodeUrl("https://github.com/state-spaces/mamba", new Date(now.getTime() + 60_000)),
    ).toBeNull();
    expect(github.requests).toEqual([]);

    // After it: the run goes on.
    const after = await refreshGithubStars(new Date((reset + 1) * 1000));
    expect(after.pausedUntil).toBeNull();
    expect(after.checked + after.notModified).toBe(2);
  });

  it("honours Retry-After on a secondary limit (429)", async () => {
    const now = new Date(start.getTime() + 30 * DAY);
    github.refusals.push({ status: 429, headers: { "retry-after": "120" } });
    const summary = await refreshGithubStars(now);
    expect(summary.pausedUntil).toEqual(new Date(now.getTime() + 120_000));
    expect(github.requests).toHaveLength(1);
    expect((await refreshGithubStars(new Date(now.getTime() + 119_000))).checked).toBe(0);
    expect(github.requests).toHaveLength(1);
  });

  it("reads a new paper's repository at submission, once", async () => {
    github.add("acme/fresh", 5);
    await database
      .db()
      .insert(papers)
      .values({ arxivId: "2401.00004", title: "Fresh", codeUrl: "https://github.com/acme/fresh" });
    const now = new Date();
    expect(await refreshStarsOfCodeUrl("https://github.com/acme/fresh", now)).toMatchObject({ checked: 1 });
    expect((await getPaper("2401.00004"))!.githubStars).toBe(5);
    github.requests = [];
    expect(await refreshStarsOfCodeUrl("https://github.com/acme/fresh", now)).toBeNull();
    expect(github.requests).toEqual([]);
    expect(await refreshStarsOfCodeUrl("https://gitlab.com/a/b", now)).toBeNull();
  });
});
