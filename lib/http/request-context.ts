import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";

/**
 * What every log line and database call made while serving one request can know about it.
 * Set by lib/http/http-observer.ts when the request arrives; read by lib/server/logger.ts (each line
 * carries `reqId`) and db/client.ts (each query logged at debug level carries it).
 */
export interface RequestContext {
  requestId: string;
}

// One store per process: Next bundles instrumentation.ts and each route separately, and a
// module-level instance would be a different object in each bundle.
const globalStore = globalThis as unknown as { paperboardRequestContext?: AsyncLocalStorage<RequestContext> };
export const requestContext = (globalStore.paperboardRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** What a request id may look like: enough for UUIDs and nginx's 32 hex digits, nothing that could forge a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Whether the peer is on loopback or a private network (RFC 1918, RFC 4193, link-local):
 * where a reverse proxy sits. A client on the internet cannot appear to come from there.
 */
export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(ip) === 4) {
    const [a, b] = ip.split(".").map(Number) as [number, number];
    return (
      a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  if (isIP(ip) === 6) {
    const lower = ip.toLowerCase();
    return lower === "::1" || lower.startsWith("fc") || lower.startsWith("fd") || lower.startsWith("fe80:");
  }
  return false;
}

/**
 * The request's id: the proxy's `X-Request-ID` when the request came through a proxy on a
 * private address (nginx's `$request_id`, so that its access log and ours share the id),
 * else a new UUID. A client talking to the app directly cannot choose its id.
 */
export function requestIdFor(header: string | string[] | undefined, peerAddress: string | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  if (given && REQUEST_ID.test(given) && isPrivateAddress(peerAddress)) return given;
  return randomUUID();
}
