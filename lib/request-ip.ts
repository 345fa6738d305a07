/**
 * The client's address for rate limits. Behind a reverse proxy the first X-Forwarded-For
 * entry is the client; a client can forge it where there is no proxy, which is why every
 * limit keyed by address is paired with one keyed by what it protects (the e-mail address).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  return ip.slice(0, 64);
}
