/**
 * A URL path segment as text, or null when its percent-encoding is malformed (`%`, `%E3%80`,
 * an escape of invalid UTF-8): such a URL names nothing, so pages answer 404, not 500.
 */
export function decodePathSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
