/**
 * Where to send someone back to after signing in: only a path on this site. "//evil.example"
 * and "/\\evil.example" are protocol-relative URLs to other sites, so they are refused.
 * Characters outside printable ASCII are percent-encoded: a Location header carries only
 * Latin-1, and a raw "/\u3000/…" made the redirect throw (a 500).
 */
export function safeRedirectPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2000) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  try {
    return raw.replace(/[^\u0021-\u007e]+/g, (run) => encodeURIComponent(run));
  } catch {
    // A lone surrogate cannot be encoded as UTF-8.
    return fallback;
  }
}
