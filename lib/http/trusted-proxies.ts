import { BlockList, isIP } from "node:net";

/**
 * Which peers may tell us a client's address in X-Forwarded-For (env TRUSTED_PROXIES).
 * Pure: parsed by lib/env.ts, applied by lib/http/request-ip.ts.
 *
 * - `none` (the default): no one. The client is the peer of the TCP connection.
 * - `hops`: that many reverse proxies stand in front of the app, each appending the address
 *   it saw; the client is that many entries from the right of (X-Forwarded-For + peer).
 * - `cidrs`: the peer and X-Forwarded-For entries inside these networks are proxies; the
 *   client is the rightmost entry outside them.
 */
export type TrustedProxies =
  { kind: "none" } | { kind: "hops"; count: number } | { kind: "cidrs"; cidrs: string[]; list: BlockList };

/** More hops than any real deployment has; a larger number is a typo. */
export const MAX_TRUSTED_HOPS = 10;

export type ParsedTrustedProxies = { ok: true; value: TrustedProxies } | { ok: false; message: string };

export function parseTrustedProxies(raw: string | undefined): ParsedTrustedProxies {
  const text = (raw ?? "").trim();
  if (text === "" || text === "0" || text.toLowerCase() === "none") return { ok: true, value: { kind: "none" } };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > MAX_TRUSTED_HOPS) return { ok: false, message: `a hop count must be at most ${MAX_TRUSTED_HOPS}` };
    return { ok: true, value: { kind: "hops", count } };
  }
  const list = new BlockList();
  const cidrs: string[] = [];
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address, prefixText, extra] = entry.split("/");
    const family = isIP(address ?? "");
    if (extra !== undefined || family === 0) {
      return {
        ok: false,
        message: `"${entry}" is neither a hop count nor an IP address or CIDR (e.g. 10.0.0.0/8, ::1/128)`,
      };
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d+$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!(prefix >= 0 && prefix <= max))
      return { ok: false, message: `"${entry}": the prefix length must be 0 to ${max}` };
    list.addSubnet(address!, prefix, type);
    cidrs.push(`${address}/${prefix}`);
  }
  if (cidrs.length === 0) return { ok: false, message: "empty list" };
  return { ok: true, value: { kind: "cidrs", cidrs, list } };
}

/** "::ffff:10.0.0.1" (IPv4 on a dual-stack socket) → "10.0.0.1"; anything unparsable → null. */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let address = raw.trim();
  // X-Forwarded-For entries sometimes carry a port ("1.2.3.4:5678", "[::1]:80").
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.split(":")[0]!;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address.toLowerCase() : null;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address, given the TCP peer (null when the server cannot know it) and the
 * X-Forwarded-For header as received. Null when it cannot be known safely.
 */
export function resolveClientAddress(
  trusted: TrustedProxies,
  peer: string | null,
  forwardedFor: string | null,
): string | null {
  const peerAddress = normalizeAddress(peer);
  if (trusted.kind === "none") return peerAddress;
  const forwarded = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trusted.kind === "hops") {
    // The peer is the nearest proxy (the operator said so); each proxy appended the address
    // it saw, so the client is `count` entries from the right of X-Forwarded-For + peer.
    // Anything further left was written by the client and is ignored.
    const chain = [...forwarded, peerAddress ?? "peer"];
    const index = chain.length - 1 - trusted.count;
    // Fewer entries than proxies: the request bypassed a proxy. The leftmost is the best we have.
    return normalizeAddress(chain[Math.max(index, 0)]);
  }
  // CIDRs: trust only a peer inside them, then walk left past proxies inside them.
  if (peerAddress === null || !isTrusted(trusted.list, peerAddress)) return peerAddress;
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const address = normalizeAddress(forwarded[index]);
    if (address === null) return null; // garbage where a proxy should have written an address
    if (!isTrusted(trusted.list, address)) return address;
  }
  // Every hop was a trusted proxy: the leftmost of them is the origin.
  return normalizeAddress(forwarded[0]) ?? peerAddress;
}
