import { describe, expect, it } from "vitest";
import { voteWeight, YOUNG_GITHUB_ACCOUNT_FACTOR } from "./ranking";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const now = new Date("2026-11-27T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("vote weight", () => {
  const established = { joinedAt: ago(400 * DAY), githubCreatedAt: ago(3000 * DAY), isSubmitter: false };

  it("is 1 for an established account", () => {
    expect(voteWeight(established, now)).toBe(1);
  });

  it("is 0 for the submitter's own vote", () => {
    expect(voteWeight({ ...established, isSubmitter: true }, now)).toBe(0);
  });

  it("rises from 0 to 1 over the first 14 days on the site", () => {
    expect(voteWeight({ ...established, joinedAt: now }, now)).toBe(0);
    expect(voteWeight({ ...established, joinedAt: ago(7 * DAY) }, now)).toBe(0.5);
    expect(voteWeight({ ...established, joinedAt: ago(14 * DAY) }, now)).toBe(1);
  });

  it("is reduced while the GitHub account is under 30 days old", () => {
    expect(voteWeight({ ...established, githubCreatedAt: ago(10 * DAY) }, now)).toBe(YOUNG_GITHUB_ACCOUNT_FACTOR);
    expect(voteWeight({ ...established, githubCreatedAt: null }, now)).toBe(YOUNG_GITHUB_ACCOUNT_FACTOR);
  });

  it("follows a moderator's override", () => {
    expect(voteWeight({ ...established, weightOverride: 0 }, now)).toBe(0);
  });
});
