/**
 * Where to send someone back to after signing in: only a path on this site. "//evil.example"
 * and "/\\evil.example" are protocol-relative URLs to other sites, so they are refused.
 */
export function safeRedirectPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2000) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(raw)) return fallback;
  return raw;
}
