import { describe, expect, it } from "vitest";
import { formatStars, formatWeeklyStars, githubRepoKey, githubRepoName, rateLimitPause } from "./github-client";

describe("GitHub repository URLs", () => {
  it.each([
    ["https://github.com/state-spaces/mamba", "state-spaces/mamba"],
    ["https://github.com/State-Spaces/Mamba/", "state-spaces/mamba"],
    ["http://www.github.com/openai/weak-to-strong.git", "openai/weak-to-strong"],
    ["https://github.com/NVlabs/Minitron/tree/main/examples", "nvlabs/minitron"],
    ["https://github.com/a/b.c?tab=readme#top", "a/b.c"],
    ["https://github.com/acme", null],
    ["https://gitlab.com/a/b", null],
    ["https://github.com.evil.example/a/b", null],
    ["https://example.org/github.com/a/b", null],
    ["", null],
  ])("%s → %s", (url, key) => {
    expect(githubRepoKey(url)).toBe(key);
  });

  it("keeps the URL's spelling for the display name", () => {
    expect(githubRepoName("https://github.com/NVlabs/Minitron/tree/main")).toBe("NVlabs/Minitron");
  });
});

describe("star counts", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1k"],
    [1234, "1.2k"],
    [12_345, "12.3k"],
    [123_456, "123k"],
    [999_499, "999k"],
    [999_500, "1M"],
    [1_234_567, "1.2M"],
  ])("%d → %s", (count, text) => {
    expect(formatStars(count)).toBe(text);
  });

  it("says the weekly gain, or nothing without one", () => {
    expect(formatWeeklyStars(340)).toBe("+340 this week");
    expect(formatWeeklyStars(1250)).toBe("+1.3k this week");
    expect(formatWeeklyStars(-12)).toBe("−12 this week");
    expect(formatWeeklyStars(0)).toBeNull();
    expect(formatWeeklyStars(null)).toBeNull();
  });
});

describe("rate-limit headers", () => {
  const now = new Date("2026-12-05T12:00:00Z");
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("waits until X-RateLimit-Reset when no request is left", () => {
    const reset = Math.floor(now.getTime() / 1000) + 600;
    expect(
      rateLimitPause(headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }), now, true),
    ).toEqual(new Date(reset * 1000));
    expect(
      rateLimitPause(headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }), now, false),
    ).toEqual(new Date(reset * 1000));
  });

  it("prefers Retry-After, in seconds or as a date", () => {
    expect(rateLimitPause(headers({ "retry-after": "30", "x-ratelimit-remaining": "10" }), now, true)).toEqual(
      new Date(now.getTime() + 30_000),
    );
    expect(rateLimitPause(headers({ "retry-after": "Sat, 05 Dec 2026 12:05:00 GMT" }), now, true)).toEqual(
      new Date("2026-12-05T12:05:00Z"),
    );
  });

  it("waits a minute after a refusal without headers, and not at all while requests remain", () => {
    expect(rateLimitPause(headers({}), now, true)).toEqual(new Date(now.getTime() + 60_000));
    expect(rateLimitPause(headers({ "x-ratelimit-remaining": "41" }), now, false)).toBeNull();
  });

  it("never waits more than a day", () => {
    expect(rateLimitPause(headers({ "retry-after": "9999999" }), now, true)).toEqual(
      new Date(now.getTime() + 86_400_000),
    );
  });
});
