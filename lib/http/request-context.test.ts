import { describe, expect, it } from "vitest";
import { isPrivateAddress, requestIdFor } from "./request-context";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "::1",
    "::ffff:127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.10",
    "fd12::1",
    "fe80::1",
  ])("%s is where a proxy sits", (address) => expect(isPrivateAddress(address)).toBe(true));
  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "::ffff:1.2.3.4", "", undefined, "not-an-ip"])(
    "%s is not",
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});

describe("requestIdFor", () => {
  const fromNginx = "0f3c9a8e5b1d4f2a9c7e6b5a4d3c2b1a";

  it("adopts the id a proxy on a private address sent", () => {
    expect(requestIdFor(fromNginx, "127.0.0.1")).toBe(fromNginx);
    expect(requestIdFor([fromNginx, "other-id-1234"], "10.0.0.5")).toBe(fromNginx);
  });

  it("makes its own for a client on the internet, whatever it sent", () => {
    const id = requestIdFor(fromNginx, "203.0.113.9");
    expect(id).not.toBe(fromNginx);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses an id that could forge a log line or is too short or long", () => {
    for (const bad of ['abc"}\n{"level":60', "short", "x".repeat(200), "with space inside"]) {
      expect(requestIdFor(bad, "127.0.0.1")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("makes a fresh one when none was sent", () => {
    expect(requestIdFor(undefined, "127.0.0.1")).not.toBe(requestIdFor(undefined, "127.0.0.1"));
  });
});
