import { afterEach, describe, expect, it } from "vitest";
import { normalizeAddress, parseTrustedProxies, resolveClientAddress, type TrustedProxies } from "./trusted-proxies";
import { clientIp, markPeerAddressStamped, PEER_ADDRESS_HEADER } from "./request-ip";
import { parseEnv, resetEnvCache } from "../env";

function trusted(raw: string): TrustedProxies {
  const parsed = parseTrustedProxies(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("TRUSTED_PROXIES", () => {
  it("parses none, a hop count and a CIDR list", () => {
    expect(trusted("").kind).toBe("none");
    expect(trusted("0").kind).toBe("none");
    expect(trusted("2")).toEqual({ kind: "hops", count: 2 });
    const cidrs = trusted("10.0.0.0/8, 127.0.0.1, ::1/128");
    expect(cidrs.kind === "cidrs" && cidrs.cidrs).toEqual(["10.0.0.0/8", "127.0.0.1/32", "::1/128"]);
  });

  it.each(["11", "10.0.0.0/33", "proxy.example", "10.0.0.0/8/1", "::1/129", ","])(
    "refuses %j, naming the variable",
    (raw) => {
      expect(() => parseEnv({ TRUSTED_PROXIES: raw })).toThrow(/TRUSTED_PROXIES/);
    },
  );

  it("normalizes dual-stack and port-suffixed addresses", () => {
    expect(normalizeAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeAddress("203.0.113.9:5678")).toBe("203.0.113.9");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("not-an-ip")).toBeNull();
  });
});

describe("resolveClientAddress", () => {
  const peer = "198.51.100.7";

  it("by default believes only the socket: X-Forwarded-For is the client's own claim", () => {
    expect(resolveClientAddress(trusted(""), peer, "203.0.113.1")).toBe(peer);
    expect(resolveClientAddress(trusted(""), null, "203.0.113.1")).toBeNull();
  });

  it("with a hop count, takes the address the nearest proxies saw and ignores what the client prepended", () => {
    // client forged 1.1.1.1; the proxy (the peer) appended the real client 203.0.113.1
    expect(resolveClientAddress(trusted("1"), "10.0.0.2", "1.1.1.1, 203.0.113.1")).toBe("203.0.113.1");
    expect(resolveClientAddress(trusted("2"), "10.0.0.2", "1.1.1.1, 203.0.113.1, 10.0.0.9")).toBe("203.0.113.1");
    // No peer known (plain `next start`): the operator said the peer is a proxy.
    expect(resolveClientAddress(trusted("1"), null, "1.1.1.1, 203.0.113.1")).toBe("203.0.113.1");
  });

  it("with CIDRs, believes X-Forwarded-For only from a peer inside them, and walks past trusted hops", () => {
    const list = trusted("10.0.0.0/8");
    expect(resolveClientAddress(list, "10.0.0.2", "1.1.1.1, 203.0.113.1, 10.0.0.9")).toBe("203.0.113.1");
    // A client connecting directly is not a proxy: its header is ignored.
    expect(resolveClientAddress(list, "203.0.113.50", "1.1.1.1")).toBe("203.0.113.50");
    expect(resolveClientAddress(list, "::ffff:10.0.0.2", "203.0.113.1")).toBe("203.0.113.1");
    expect(resolveClientAddress(list, null, "203.0.113.1")).toBeNull();
  });
});

describe("clientIp (the rate-limit key)", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
    resetEnvCache();
  });

  const request = (peer: string, forwardedFor?: string) =>
    new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });

  it("is the peer whatever X-Forwarded-For a client sends, unless the peer is a trusted proxy", () => {
    markPeerAddressStamped();
    resetEnvCache();
    expect(clientIp(request("198.51.100.7", "203.0.113.1"))).toBe("198.51.100.7");
    expect(clientIp(request("198.51.100.7", "203.0.113.2"))).toBe(clientIp(request("198.51.100.7")));

    process.env.TRUSTED_PROXIES = "127.0.0.0/8";
    resetEnvCache();
    expect(clientIp(request("198.51.100.7", "203.0.113.1"))).toBe("198.51.100.7");
    expect(clientIp(request("127.0.0.1", "203.0.113.1"))).toBe("203.0.113.1");
  });
});
