/** Small pure formatters shared by pages, feeds and e-mail. */

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "2 Oct 2022" from a YYYY-MM-DD string or a Date; null in, null out. */
export function formatDate(value: string | Date | null): string | null {
  if (value === null) return null;
  const date = typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value;
  return Number.isNaN(date.getTime()) ? null : DATE_FORMAT.format(date);
}

/** How many authors a card or an e-mail names before "et al.". */
export const NAMED_AUTHORS = 3;

/** "A, B, C et al." */
export function authorsLine(authors: string[]): string {
  if (authors.length === 0) return "Unknown authors";
  const named = authors.slice(0, NAMED_AUTHORS).join(", ");
  return authors.length > NAMED_AUTHORS ? `${named} et al.` : named;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The upvote control's accessible name: what it does, and the count it shows, so that the
 * name contains the visible text (WCAG 2.5.3) and a screen reader hears the count.
 */
export function upvoteLabel(upvoted: boolean, upvotes: number): string {
  return `${upvoted ? "Remove upvote" : "Upvote"}, ${plural(upvotes, "vote")}`;
}

/** The host and path of a URL without its scheme, for link text ("github.com/org/repo"). */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then the date. */
export function formatRelative(date: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return plural(Math.floor(seconds / 86_400), "day") + " ago";
  return formatDate(date)!;
}
