import { beforeEach, describe, expect, it, vi } from "vitest";
import { cached, invalidateAll, invalidateTags, resetSharedCache } from "./shared-cache";

/** A loader that counts its calls and resolves when told to, with the value of its call number. */
function controllable() {
  let calls = 0;
  const pending: ((value: number) => void)[] = [];
  return {
    load: () =>
      new Promise<number>((resolve) => {
        calls += 1;
        const call = calls;
        pending.push(() => resolve(call));
      }),
    resolveAll() {
      for (const resolve of pending.splice(0)) resolve(0);
    },
    get calls() {
      return calls;
    },
  };
}

/** A loader whose first value (1) is cached under "k" with a 1 s TTL, and a clock 2 s later. */
async function cachedThenExpired() {
  vi.useFakeTimers({ toFake: ["Date"] });
  const loader = controllable();
  const first = cached("k", ["feeds"], 1_000, loader.load);
  loader.resolveAll();
  expect(await first).toBe(1);
  vi.setSystemTime(Date.now() + 2_000);
  return loader;
}

describe("the shared cache", () => {
  beforeEach(() => {
    resetSharedCache();
    vi.useRealTimers();
  });

  it("loads a key once for concurrent readers and serves it until a tag of it is invalidated", async () => {
    let calls = 0;
    const load = async () => ++calls;
    const [a, b] = await Promise.all([cached("k", ["feeds"], 60_000, load), cached("k", ["feeds"], 60_000, load)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    expect(await cached("k", ["feeds"], 60_000, load)).toBe(1);
    invalidateTags(["paper:2401.00001"]);
    expect(await cached("k", ["feeds"], 60_000, load)).toBe(1);
    invalidateTags(["feeds"]);
    expect(await cached("k", ["feeds"], 60_000, load)).toBe(2);
    invalidateAll();
    expect(await cached("k", ["feeds"], 60_000, load)).toBe(3);
  });

  it("keys are separate entries", async () => {
    expect(await cached("a", ["feeds"], 60_000, async () => "a")).toBe("a");
    expect(await cached("b", ["feeds"], 60_000, async () => "b")).toBe("b");
  });

  it("invalidated while loading: readers share one reload queued behind the running load", async () => {
    const loader = controllable();
    const first = cached("k", ["trending"], 60_000, loader.load);
    invalidateTags(["trending"]);
    const second = cached("k", ["trending"], 60_000, loader.load);
    const third = cached("k", ["trending"], 60_000, loader.load);
    expect(loader.calls).toBe(1);
    loader.resolveAll();
    expect(await first).toBe(1);
    await vi.waitFor(() => expect(loader.calls).toBe(2));
    loader.resolveAll();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    // The reload started after the invalidation, so it is kept.
    expect(await cached("k", ["trending"], 60_000, loader.load)).toBe(2);
    expect(loader.calls).toBe(2);
  });

  it("past its TTL, serves the old value while one background load refreshes it", async () => {
    const loader = await cachedThenExpired();
    // Both readers get the old value at once; one refresh runs.
    expect(await cached("k", ["feeds"], 1_000, loader.load)).toBe(1);
    expect(await cached("k", ["feeds"], 1_000, loader.load)).toBe(1);
    expect(loader.calls).toBe(2);
    loader.resolveAll();
    await vi.waitFor(async () => expect(await cached("k", ["feeds"], 1_000, loader.load)).toBe(2));
    expect(loader.calls).toBe(2);
  });

  it("a refresh that an invalidation overtook is not served", async () => {
    const loader = await cachedThenExpired();
    expect(await cached("k", ["feeds"], 1_000, loader.load)).toBe(1); // starts refresh #2
    invalidateTags(["feeds"]);
    const after = cached("k", ["feeds"], 1_000, loader.load);
    loader.resolveAll();
    await vi.waitFor(() => expect(loader.calls).toBe(3));
    loader.resolveAll();
    expect(await after).toBe(3);
  });

  it("a failed load is not kept", async () => {
    let calls = 0;
    const load = async () => {
      calls += 1;
      if (calls === 1) throw new Error("database down");
      return calls;
    };
    await expect(cached("k", ["feeds"], 60_000, load)).rejects.toThrow("database down");
    expect(await cached("k", ["feeds"], 60_000, load)).toBe(2);
  });
});
