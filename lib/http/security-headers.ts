/**
 * Every security header Paperboard sends, built in one place (docs/SECURITY.md explains each
 * choice). Pure and free of imports: next.config.ts (evaluated at build time) and proxy.ts
 * (per request) both read it.
 *
 * Two kinds:
 * - static headers, the same for every response and every deployment, set by next.config.ts
 *   `headers()` (so they hold under plain `next start` and on responses proxy.ts skips);
 * - headers that depend on the request or the runtime configuration: the page CSP carries a
 *   fresh nonce per request and names the GitHub origin sign-in goes to; HSTS depends on
 *   SITE_URL. next.config.ts `headers()` is frozen into the build, so these come from proxy.ts.
 */

export interface HeaderPair {
  key: string;
  value: string;
}

/** Sent with every response. */
export const STATIC_SECURITY_HEADERS: readonly HeaderPair[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Nothing on the site uses these; a script injected despite the CSP gets none of them.
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), browsing-topics=()",
  },
  // For browsers older than CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
];

/**
 * Pages whose URLs carry a secret token (subscription confirm and unsubscribe links): the
 * token must not leave in a Referer header to wherever a link on the page leads.
 */
export const TOKEN_PAGE_PATHS = ["/subscriptions/confirm", "/unsubscribe", "/notifications/unsubscribe"] as const;
export const TOKEN_PAGE_REFERRER_POLICY = "no-referrer";

/**
 * The CSP of the JSON API (/api/…, not the /api documentation page): nothing in a response
 * may run or load anything. proxy.ts skips /api/ (running it would make Next buffer request
 * bodies before the routes' own size caps), so this comes from next.config.ts. Feeds and
 * images outside /api get the page CSP from proxy.ts, which is as harmless on them.
 */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface PageCspOptions {
  /** Fresh, unguessable, per response; Next.js reads it back from the request's CSP header. */
  nonce: string;
  /** `next dev` needs eval for React's error overlays; production never does. */
  development: boolean;
  /** Where the sign-in form's redirect goes (github.com or a GitHub Enterprise Server). */
  githubOrigin: string;
  /** Where avatars come from: GitHub's avatar CDN, or the Enterprise server itself. */
  avatarOrigins: string[];
  /** SITE_URL is https: ask browsers to upgrade any stray http subresource. */
  https: boolean;
  /** Hashes ('sha256-…') of a prerendered page's inline scripts and styles (lib/http/prerendered-csp.ts). */
  scriptHashes?: string[];
  styleHashes?: string[];
}

/**
 * The CSP of HTML pages. Scripts: files from this origin (Next's chunks) and inline scripts
 * only with this response's nonce or, on a page prerendered at build time, with the hash of
 * one of the build's own inline scripts. No 'unsafe-inline', no 'unsafe-eval' in production.
 * Not 'strict-dynamic': it would refuse the nonce-less `<script src>` tags of prerendered
 * pages; 'self' serves only our build output as script (JSON and feeds are never executable:
 * their types are not JavaScript and nosniff is on).
 * `<style>` elements: nonce or hash too. Style *attributes* are allowed ('unsafe-inline' in
 * style-src-attr only): KaTeX positions every glyph with style="…" and attributes cannot
 * carry a nonce. CSS cannot run script, so the residual risk is an injected style attribute
 * restyling the page, within markup that the comment sanitizer already restricts
 * (lib/discussion/markdown.ts).
 */
export function pageContentSecurityPolicy(options: PageCspOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  const directives: string[] = [
    "default-src 'self'",
    [
      "script-src 'self'",
      nonce,
      ...(options.scriptHashes ?? []),
      ...(options.development ? ["'unsafe-eval'"] : []),
    ].join(" "),
    ["style-src 'self'", nonce, ...(options.styleHashes ?? [])].join(" "),
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob: ${options.avatarOrigins.join(" ")}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    // Chromium applies form-action to the redirect after a submission too: the sign-in form
    // posts here and is redirected to GitHub's authorize page.
    `form-action 'self' ${options.githubOrigin}`,
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** HSTS only where the site is served over https; browsers ignore it over http anyway. */
export function strictTransportSecurity(siteUrl: string): string | null {
  return siteUrl.startsWith("https://") ? "max-age=31536000; includeSubDomains" : null;
}

/** A nonce: 128 random bits, base64. Web Crypto, so that it works in any runtime. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The origins of a sign-in with GitHub (or the Enterprise server at `enterpriseUrl`). */
export function githubOrigins(enterpriseUrl: string | undefined): { githubOrigin: string; avatarOrigins: string[] } {
  if (enterpriseUrl) {
    const origin = new URL(enterpriseUrl).origin;
    // Enterprise serves avatars from its own host (or an avatars. subdomain when subdomain isolation is on).
    const host = new URL(enterpriseUrl);
    return { githubOrigin: origin, avatarOrigins: [origin, `${host.protocol}//avatars.${host.host}`] };
  }
  return { githubOrigin: "https://github.com", avatarOrigins: ["https://avatars.githubusercontent.com"] };
}

/** next.config.ts `headers()`: static headers everywhere, the token pages' referrer, the API's CSP. */
export function nextConfigHeaders(): { source: string; headers: HeaderPair[] }[] {
  return [
    { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
    { source: "/api/:path+", headers: [{ key: "Content-Security-Policy", value: NON_DOCUMENT_CSP }] },
    // Later entries override earlier ones for the same key.
    ...TOKEN_PAGE_PATHS.map((path) => ({
      source: path,
      headers: [{ key: "Referrer-Policy", value: TOKEN_PAGE_REFERRER_POLICY }],
    })),
  ];
}
