import { getEnv } from "@/lib/env";
import { resolveClientAddress } from "@/lib/http/trusted-proxies";

/**
 * The client's address for per-IP rate limits.
 *
 * Next.js does not expose the TCP peer to route handlers or server actions. Its only trace
 * is `x-forwarded-for`, which Next sets from the socket with `??=` (base-server.js,
 * `req.headers['x-forwarded-for'] ??= socket.remoteAddress`): a value the client sent
 * wins, and the peer is then lost. So that header alone cannot tell a proxy's word from a
 * client's forgery. The production server's preload (scripts/server-preload.mjs, loaded by
 * `npm start`) therefore stamps the socket's address into PEER_ADDRESS_HEADER on every request, after deleting any
 * copy the client sent, and marks this process as stamped. X-Forwarded-For is then read only
 * as far as TRUSTED_PROXIES allows (lib/http/trusted-proxies.ts).
 *
 * Under plain `next start` or `next dev` nothing stamps the peer: the address is unknown
 * ("unknown", one shared bucket) unless TRUSTED_PROXIES is a hop count, which needs no peer.
 * Every limit keyed by address is paired with one keyed by what it protects (the e-mail
 * address), so a shared bucket never opens anything; it can only refuse sooner.
 */
export const PEER_ADDRESS_HEADER = "x-paperboard-peer-address";

const STAMPED = Symbol.for("paperboard.peerAddressStamped");

/** Marks this process as stamping PEER_ADDRESS_HEADER (the preload sets the same flag). */
export function markPeerAddressStamped(): void {
  (globalThis as Record<symbol, unknown>)[STAMPED] = true;
}

function peerAddressIsStamped(): boolean {
  return (globalThis as Record<symbol, unknown>)[STAMPED] === true;
}

export function clientIp(headers: Headers): string {
  const peer = peerAddressIsStamped() ? headers.get(PEER_ADDRESS_HEADER) : null;
  const address = resolveClientAddress(getEnv().TRUSTED_PROXIES, peer, headers.get("x-forwarded-for"));
  return (address ?? "unknown").slice(0, 64);
}
