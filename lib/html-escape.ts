/**
 * The one HTML escaper: text made safe for HTML element content and for a double- or
 * single-quoted attribute value (e-mails, RSS descriptions, a comment that failed to render,
 * KaTeX attributes). Pure, no imports. XML documents have their own (`escapeXml` in
 * lib/syndication/syndication.ts), which also drops what XML 1.0 forbids.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}
