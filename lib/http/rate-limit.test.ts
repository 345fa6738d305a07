import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/testing/with-test-database";
import { consumeRateLimit, enforceRateLimit } from "./rate-limit";

withTestDatabase();

const rule = { what: "pings", limit: 3, windowSeconds: 60 };

describe("the PostgreSQL rate limiter", () => {
  it("allows up to the limit in a window, then refuses with the seconds left", async () => {
    const now = new Date("2026-11-27T10:00:15Z");
    for (let i = 1; i <= 3; i++) expect((await consumeRateLimit("k1", rule, now)).allowed).toBe(true);
    const refused = await consumeRateLimit("k1", rule, now);
    expect(refused).toEqual({ allowed: false, hits: 4, retryAfterSeconds: 45 });
  });

  it("starts afresh in the next window and keeps keys apart", async () => {
    expect((await consumeRateLimit("k1", rule, new Date("2026-11-27T10:01:00Z"))).allowed).toBe(true);
    expect((await consumeRateLimit("k2", rule, new Date("2026-11-27T10:00:15Z"))).allowed).toBe(true);
  });

  it("counts exactly under concurrency", async () => {
    const now = new Date("2026-11-27T11:00:00Z");
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit("k3", rule, now)));
    expect(results.filter((result) => result.allowed)).toHaveLength(3);
    expect(new Set(results.map((result) => result.hits)).size).toBe(20);
  });

  it("throws a 429 naming what is limited and when to retry", async () => {
    const now = new Date("2026-11-27T12:00:50Z");
    for (let i = 0; i < 3; i++) await enforceRateLimit("k4", rule, now);
    await expect(enforceRateLimit("k4", rule, now)).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining("Too many pings"),
      details: { retryAfterSeconds: 10 },
    });
  });
});
