/**
 * GitHub repositories as papers link them, and GitHub's REST API answer for one repository
 * (`GET /repos/{owner}/{repo}`). No database import: lib/papers/github-stars.ts stores what this
 * reads. Behaviour follows GitHub's REST documentation: conditional requests with
 * `If-None-Match` (a 304 does not count against the primary rate limit), the primary limit
 * in `X-RateLimit-Remaining`/`X-RateLimit-Reset` (epoch seconds), secondary limits as 403 or
 * 429 with `Retry-After` (seconds; without it, wait at least a minute), and a renamed or
 * transferred repository answering 301 with a `Location` on the same API host.
 */

/**
 * A GitHub repository URL: host, owner, name; anything after the name (a branch, a path, a
 * query) is ignored. One pattern for TypeScript and PostgreSQL (lib/papers/github-stars.ts matches
 * papers' code URLs with it in SQL), applied to the lower-cased URL in both.
 */
export const GITHUB_REPO_URL_PATTERN = "^https?://(?:www\\.)?github\\.com/([a-z0-9-]+/[a-z0-9._-]+)(?:[/?#]|$)";
const GITHUB_REPO_URL = new RegExp(GITHUB_REPO_URL_PATTERN);

/** "owner/name" in lower case, the repository's key, or null when the URL is not a GitHub repository. */
export function githubRepoKey(url: string | null | undefined): string | null {
  if (!url) return null;
  const match = GITHUB_REPO_URL.exec(url.trim().toLowerCase());
  const key = match?.[1]?.replace(/\.git$/, "");
  return key && !key.endsWith("/") ? key : null;
}

/** "Owner/Name" as the URL spells it (GitHub names are case-insensitive), or null. */
export function githubRepoName(url: string): string | null {
  const key = githubRepoKey(url);
  if (!key) return null;
  const start = url.toLowerCase().indexOf(key);
  return url.slice(start, start + key.length);
}

export function githubRepoUrl(fullName: string): string {
  return `https://github.com/${fullName}`;
}

/** "999", "1.2k", "12.3k", "123k", "1.2M": the compact count cards show after a star. */
export function formatStars(count: number): string {
  const compact = (value: number, unit: string) => {
    const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
    return `${rounded}${unit}`;
  };
  if (count < 1000) return String(count);
  if (count < 999_500) return compact(count / 1000, "k");
  return compact(count / 1_000_000, "M");
}

/** "+340 this week"; a loss reads "−12 this week"; no change, nothing. */
export function formatWeeklyStars(delta: number | null): string | null {
  if (delta === null || delta === 0) return null;
  return `${delta > 0 ? "+" : "−"}${formatStars(Math.abs(delta))} this week`;
}

/** The longest we honour a Retry-After or a reset; a longer one is treated as this. */
const MAX_PAUSE_MS = 24 * 3600 * 1000;
/** GitHub: "If the retry-after header is not present, wait for at least one minute". */
const DEFAULT_SECONDARY_PAUSE_MS = 60 * 1000;

/**
 * When the next request may be sent, from an answer's rate-limit headers: null when it may
 * be sent now. `limited` marks an answer that was itself refused (403/429).
 */
export function rateLimitPause(headers: Headers, now: Date, limited: boolean): Date | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    const until = Number.isFinite(seconds) ? now.getTime() + seconds * 1000 : Date.parse(retryAfter);
    if (Number.isFinite(until)) return new Date(Math.min(Math.max(until, now.getTime()), now.getTime() + MAX_PAUSE_MS));
  }
  if (headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(headers.get("x-ratelimit-reset")) * 1000;
    if (Number.isFinite(reset) && reset > 0)
      return new Date(Math.min(Math.max(reset, now.getTime()), now.getTime() + MAX_PAUSE_MS));
    return new Date(now.getTime() + DEFAULT_SECONDARY_PAUSE_MS);
  }
  return limited ? new Date(now.getTime() + DEFAULT_SECONDARY_PAUSE_MS) : null;
}

export type RepositoryRead =
  /** `fullName` is GitHub's current name: it differs from the one asked when the repository was renamed. */
  | { kind: "found"; fullName: string; stars: number; etag: string | null; pauseUntil: Date | null }
  | { kind: "not_modified"; pauseUntil: Date | null }
  | { kind: "gone"; pauseUntil: Date | null }
  | { kind: "rate_limited"; pauseUntil: Date }
  /** Anything else (5xx, a network failure, an unreadable answer): try again another day. */
  | { kind: "failed"; message: string; pauseUntil: Date | null };

export interface GitHubOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  now?: Date;
}

const MAX_REDIRECTS = 3;

/** Reads one repository's star count; `etag` (from the last read) makes it conditional. */
export async function readRepository(
  fullName: string,
  etag: string | null,
  options: GitHubOptions,
): Promise<RepositoryRead> {
  const now = options.now ?? new Date();
  const base = new URL(options.baseUrl);
  let url = new URL(`${options.baseUrl}/repos/${fullName.split("/").map(encodeURIComponent).join("/")}`);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        headers: {
          accept: "application/vnd.github+json",
          "x-github-api-version": "2022-11-28",
          "user-agent": "Paperboard (https://github.com/paperboard)",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          // Only for the name we stored the ETag of; a redirect target is another resource.
          ...(etag && hop === 0 ? { "if-none-match": etag } : {}),
        },
      });
    } catch (error) {
      return { kind: "failed", message: error instanceof Error ? error.message : String(error), pauseUntil: null };
    }
    const status = response.status;
    if (status === 301 || status === 302 || status === 307 || status === 308) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      const next = location ? new URL(location, url) : null;
      // Follow only on GitHub's own API host: the token must never be sent elsewhere.
      if (!next || next.origin !== base.origin)
        return { kind: "failed", message: `redirect to ${location ?? "nowhere"} not followed`, pauseUntil: null };
      url = next;
      continue;
    }
    if (status === 304) return { kind: "not_modified", pauseUntil: rateLimitPause(response.headers, now, false) };
    if (status === 404 || status === 410 || status === 451) {
      await response.body?.cancel();
      return { kind: "gone", pauseUntil: rateLimitPause(response.headers, now, false) };
    }
    if (status === 403 || status === 429) {
      await response.body?.cancel();
      return { kind: "rate_limited", pauseUntil: rateLimitPause(response.headers, now, true)! };
    }
    if (status !== 200) {
      await response.body?.cancel();
      return {
        kind: "failed",
        message: `GitHub answered ${status}`,
        pauseUntil: rateLimitPause(response.headers, now, false),
      };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { kind: "failed", message: "GitHub sent unreadable JSON", pauseUntil: null };
    }
    const repo = body as { full_name?: unknown; stargazers_count?: unknown };
    if (typeof repo.full_name !== "string" || githubRepoKey(githubRepoUrl(repo.full_name)) === null) {
      return { kind: "failed", message: "GitHub's answer has no usable full_name", pauseUntil: null };
    }
    if (
      typeof repo.stargazers_count !== "number" ||
      !Number.isInteger(repo.stargazers_count) ||
      repo.stargazers_count < 0
    ) {
      return { kind: "failed", message: "GitHub's answer has no usable stargazers_count", pauseUntil: null };
    }
    return {
      kind: "found",
      fullName: repo.full_name,
      stars: repo.stargazers_count,
      // After a rename too: the next read asks for the new name, whose answer is the same document.
      etag: response.headers.get("etag"),
      pauseUntil: rateLimitPause(response.headers, now, false),
    };
  }
  return { kind: "failed", message: "too many redirects", pauseUntil: null };
}
