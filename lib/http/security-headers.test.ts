import { describe, expect, it } from "vitest";
import {
  createNonce,
  githubOrigins,
  nextConfigHeaders,
  pageContentSecurityPolicy,
  strictTransportSecurity,
} from "./security-headers";
import { createHash } from "node:crypto";
import { inlineHashesOf } from "./prerendered-csp";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("the page Content-Security-Policy", () => {
  const base = { nonce: "abc123", development: false, https: false, ...githubOrigins(undefined) };

  it("runs scripts only with the nonce: no 'unsafe-inline' or 'unsafe-eval' in production", () => {
    const csp = directives(pageContentSecurityPolicy(base));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    // KaTeX's style attributes: allowed as attributes only.
    expect(csp.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("lets the sign-in form redirect to GitHub and avatars load from it", () => {
    const csp = directives(pageContentSecurityPolicy({ ...base, ...githubOrigins("http://127.0.0.1:3219/") }));
    expect(csp.get("form-action")).toEqual(["'self'", "http://127.0.0.1:3219"]);
    expect(csp.get("img-src")).toContain("http://127.0.0.1:3219");
    expect(directives(pageContentSecurityPolicy(base)).get("img-src")).toContain(
      "https://avatars.githubusercontent.com",
    );
  });

  it("allows eval only for the development server, and upgrades requests on https", () => {
    expect(directives(pageContentSecurityPolicy({ ...base, development: true })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
    expect(directives(pageContentSecurityPolicy({ ...base, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows a prerendered page's own inline scripts and styles by hash", () => {
    const csp = directives(
      pageContentSecurityPolicy({ ...base, scriptHashes: ["'sha256-AAA='"], styleHashes: ["'sha256-BBB='"] }),
    );
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'sha256-AAA='"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'nonce-abc123'", "'sha256-BBB='"]);
  });

  it("hashes exactly the inline scripts and styles of a document", () => {
    const hashes = inlineHashesOf(
      '<script src="/a.js"></script><script>self.x=1</script><style>p{}</style><script async="">y()</script>',
    );
    expect(hashes.scripts).toEqual([
      `'sha256-${createHash("sha256").update("self.x=1").digest("base64")}'`,
      `'sha256-${createHash("sha256").update("y()").digest("base64")}'`,
    ]);
    expect(hashes.styles).toEqual([`'sha256-${createHash("sha256").update("p{}").digest("base64")}'`]);
  });

  it("uses a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("the other headers", () => {
  it("sends HSTS only for an https site", () => {
    expect(strictTransportSecurity("https://papers.example.org")).toMatch(/^max-age=\d+/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
  });

  it("gives the token pages no-referrer after the site-wide policy, and the JSON API a deny-all CSP", () => {
    const rules = nextConfigHeaders();
    const referrer = (path: string) =>
      rules
        .filter((rule) => rule.source === "/:path*" || rule.source === path)
        .flatMap((rule) => rule.headers)
        .filter((header) => header.key === "Referrer-Policy")
        .at(-1)?.value;
    expect(referrer("/settings")).toBe("strict-origin-when-cross-origin");
    expect(referrer("/unsubscribe")).toBe("no-referrer");
    expect(referrer("/subscriptions/confirm")).toBe("no-referrer");
    expect(referrer("/notifications/unsubscribe")).toBe("no-referrer");
    const api = rules.find((rule) => rule.source === "/api/:path+");
    expect(api?.headers[0]?.value).toContain("default-src 'none'");
  });
});
