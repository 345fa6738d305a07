import { describe, expect, it } from "vitest";
import {
  type DigestEmailInput,
  type DigestPaper,
  excerpt,
  renderConfirmationEmail,
  renderDigestEmail,
  safeUrl,
} from "./digest-email";
import { HOSTILE_LINKS } from "@/testing/hostile-links";

const MAMBA_ABSTRACT =
  "Foundation models, now powering most of the exciting applications in deep learning, are almost universally " +
  "based on the Transformer architecture and its core attention module. Many subquadratic-time architectures " +
  "such as linear attention, gated convolution and recurrent models, and structured state space models (SSMs) " +
  "have been developed to address Transformers' computational inefficiency on long sequences.";

function paper(rank: number, overrides: Partial<DigestPaper> = {}): DigestPaper {
  return {
    arxivId: `2312.${String(rank).padStart(5, "0")}`,
    title: `Paper number ${rank}`,
    authors: [`Author ${rank}`],
    upvotes: 100 - rank,
    abstract: `Abstract of paper ${rank}.`,
    url: `https://paperboard.test/papers/2312.${String(rank).padStart(5, "0")}`,
    rank,
    ...overrides,
  };
}

function input(overrides: Partial<DigestEmailInput> = {}): DigestEmailInput {
  return {
    siteName: "Paperboard",
    siteUrl: "https://paperboard.test",
    period: "daily",
    periodLabel: "27 Nov 2026",
    previewUrl: "https://paperboard.test/digest/daily/2026-11-27?s=abc",
    unsubscribeUrl: "https://paperboard.test/unsubscribe?token=t0k3n&list=daily",
    papers: [
      paper(1, {
        arxivId: "2312.00752",
        title: "Mamba: Linear-Time Sequence Modeling with $O(n)$ \\emph-free get\\_capital ``Selective'' State Spaces",
        authors: ["Albert Gu", "Tri Dao", "Third Author", "Fourth Author"],
        upvotes: 42,
        abstract: MAMBA_ABSTRACT,
        url: "https://paperboard.test/papers/2312.00752",
      }),
      paper(2, { authors: ["Solo Author"], upvotes: 1 }),
    ],
    ...overrides,
  };
}

/** The visible text of the HTML part, roughly: tags dropped, the entities we emit decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&middot;/g, "\u00b7")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
}

describe("renderDigestEmail", () => {
  it("names the period in the subject", () => {
    expect(renderDigestEmail(input()).subject).toBe("Trending papers for 27 Nov 2026 \u00b7 Paperboard");
    expect(renderDigestEmail(input({ period: "weekly", periodLabel: "Week 48, 2026" })).subject).toBe(
      "This week's trending papers (Week 48, 2026) \u00b7 Paperboard",
    );
  });

  it("keeps the subject on one line whatever the labels contain", () => {
    const { subject } = renderDigestEmail(input({ periodLabel: "27 Nov\r\n2026", siteName: "Paper\nboard" }));
    expect(subject).toBe("Trending papers for 27 Nov 2026 \u00b7 Paper board");
  });

  it("lists each paper with rank, plain title, authors, upvotes, excerpt and link in both parts", () => {
    const { html, text } = renderDigestEmail(input());
    const title =
      "Mamba: Linear-Time Sequence Modeling with O(n) \\emph-free get_capital \u201cSelective\u201d State Spaces";
    for (const part of [visibleText(html), text]) {
      expect(part).toContain(title);
      expect(part).toContain("Albert Gu, Tri Dao, Third Author et al.");
      expect(part).not.toContain("Fourth Author");
      expect(part).toContain("42 upvotes");
      expect(part).toContain("arXiv:2312.00752");
      expect(part).toContain("Solo Author");
      expect(part).not.toContain("Solo Author et al.");
      expect(part).toContain("1 upvote");
      expect(part).not.toContain("$O(n)$");
    }
    expect(text).toContain(`1. ${title}`);
    expect(text).toContain("2. Paper number 2");
    expect(visibleText(html)).toMatch(/#1 · arXiv:2312\.00752 · 42 upvotes/);
    expect(text).toContain("https://paperboard.test/papers/2312.00752");
    expect(hrefs(html)).toContain("https://paperboard.test/papers/2312.00752");
    expect(hrefs(html)).toContain("https://paperboard.test/papers/2312.00002");
  });

  it("cuts the abstract at a word boundary near 300 characters", () => {
    const { html, text } = renderDigestEmail(input());
    const cut = excerpt(MAMBA_ABSTRACT);
    expect(cut.length).toBeLessThanOrEqual(301);
    expect(cut.length).toBeGreaterThan(250);
    expect(cut.endsWith("\u2026")).toBe(true);
    const kept = cut.slice(0, -1);
    expect(MAMBA_ABSTRACT.startsWith(kept)).toBe(true);
    // The next character of the original is a space or punctuation: no word was split.
    expect(MAMBA_ABSTRACT.charAt(kept.length)).toMatch(/[\s,.;:]/);
    expect(text).toContain(cut);
    expect(visibleText(html)).toContain(cut);
    expect(text).not.toContain("long sequences");
  });

  it("leaves short abstracts whole and copes with one enormous word", () => {
    expect(excerpt("Short   abstract\nwith\tspaces.")).toBe("Short abstract with spaces.");
    const word = "x".repeat(500);
    expect(excerpt(word)).toBe(`${"x".repeat(300)}\u2026`);
    // An odd cut would split a surrogate pair; the half character is dropped instead.
    const script = excerpt(`a${"\u{1d4d0}".repeat(200)}`);
    expect(script.endsWith("\u{1d4d0}\u2026")).toBe(true);
    expect(script.isWellFormed()).toBe(true);
  });

  it("includes the unsubscribe and browser-preview links and why the reader gets it, in both parts", () => {
    const { html, text } = renderDigestEmail(input());
    expect(hrefs(html)).toContain("https://paperboard.test/unsubscribe?token=t0k3n&list=daily");
    expect(hrefs(html)).toContain("https://paperboard.test/digest/daily/2026-11-27?s=abc");
    expect(html).toContain('href="https://paperboard.test/unsubscribe?token=t0k3n&amp;list=daily"');
    expect(text).toContain("Unsubscribe: https://paperboard.test/unsubscribe?token=t0k3n&list=daily");
    expect(text).toContain("View this e-mail in your browser: https://paperboard.test/digest/daily/2026-11-27?s=abc");
    const reason =
      "You are receiving this because you subscribed to the daily digest of trending papers on Paperboard.";
    expect(text).toContain(reason);
    expect(visibleText(html)).toContain(reason);
    expect(renderDigestEmail(input({ period: "weekly" })).text).toContain("subscribed to the weekly digest");
  });

  it("is a self-contained e-mail document: inline styles only, no script, style, images or external resources", () => {
    const { html } = renderDigestEmail(input());
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/class=/i);
    expect(html).toMatch(/max-width:600px/);
    expect(html).toMatch(/<table role="presentation"/);
    for (const url of hrefs(html)) expect(url).toMatch(/^https:\/\/paperboard\.test(\/|$)/);
  });

  it("escapes hostile titles, authors and abstracts and drops non-http links", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const { html, text } = renderDigestEmail(
      input({
        siteName: "Paper<b>board</b>",
        periodLabel: '"><script>alert(1)</script>',
        papers: [
          paper(1, {
            title: `${hostile} Title "quoted" & 'single'`,
            authors: ['<a href="javascript:alert(1)">Eve</a>', "Mallory</td></tr></table>"],
            abstract: `${hostile} <script>alert(2)</script> abstract`,
            url: "javascript:alert(1)",
          }),
          paper(2, { url: " JAVASCRIPT:alert(1)" }),
          paper(3, { url: "data:text/html,<script>alert(1)</script>" }),
          paper(4, { url: "//evil.test/x" }),
          paper(5, { url: 'https://paperboard.test/p/5"onmouseover="alert(1)' }),
        ],
        previewUrl: "javascript:alert(document.cookie)",
      }),
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).not.toMatch(/data:text/i);
    expect(html).not.toContain("evil.test");
    expect(html).not.toMatch(/<b>/);
    expect(html).not.toMatch(/<img|<a href="javascript|"onmouseover=/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; Title &quot;quoted&quot; &amp; &#39;single&#39;");
    expect(html).toContain("Mallory&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    // The quote is escaped inside the attribute, so it cannot close it.
    expect(html).toContain('href="https://paperboard.test/p/5&quot;onmouseover=&quot;alert(1)"');
    // Only the site, paper 5, and the unsubscribe link survive; the preview link is dropped.
    expect(hrefs(html).every((url) => url.startsWith("https://paperboard.test"))).toBe(true);
    // Author names are text, but no link line carries a non-http URL.
    expect(text).not.toMatch(/^\s*(javascript|data):/im);
    expect(text).not.toContain("View this e-mail in your browser");
    expect(text).toContain("Unsubscribe: https://paperboard.test/unsubscribe");
    // The plain-text part is not HTML: the title reads as typed.
    expect(text).toContain(`1. ${hostile} Title "quoted" & 'single'`);
  });

  it("keeps a line break in a title from forging lines in the text part", () => {
    const { text } = renderDigestEmail(
      input({ papers: [paper(1, { title: "Real title\nUnsubscribe: https://evil.test/" })] }),
    );
    expect(text).not.toMatch(/^Unsubscribe: https:\/\/evil/m);
    expect(text).toContain("1. Real title Unsubscribe: https://evil.test/");
  });

  it("shows at most 10 papers", () => {
    const papers = Array.from({ length: 14 }, (_, index) => paper(index + 1));
    const { html, text } = renderDigestEmail(input({ papers }));
    expect(text).toContain("10. Paper number 10");
    expect(text).not.toContain("Paper number 11");
    expect(html).toContain("Paper number 10");
    expect(html).not.toContain("Paper number 11");
    expect(html.match(/Read and discuss/g)).toHaveLength(10);
    expect(text).toContain("The 10 papers that gathered votes fastest");
  });

  it("renders a polite empty digest", () => {
    const { subject, html, text } = renderDigestEmail(input({ papers: [] }));
    expect(subject).toBe("Trending papers for 27 Nov 2026 \u00b7 Paperboard");
    expect(text).toContain("No paper trended in this period");
    expect(visibleText(html)).toContain("No paper trended in this period");
    expect(text).toContain("Unsubscribe: https://paperboard.test/unsubscribe");
    expect(hrefs(html)).toContain("https://paperboard.test/unsubscribe?token=t0k3n&list=daily");
    expect(text).not.toMatch(/^1\. /m);
  });

  it("survives missing authors, empty abstracts and odd numbers", () => {
    const { text } = renderDigestEmail(
      input({ papers: [paper(1, { authors: [], abstract: "", upvotes: Number.NaN, title: "  " })] }),
    );
    expect(text).toContain("1. Untitled");
    expect(text).toContain("Unknown authors");
    expect(text).toContain("0 upvotes");
  });
});

describe("safeUrl", () => {
  it("accepts absolute http(s) URLs only", () => {
    expect(safeUrl("https://paperboard.test/a?b=c&d=e")).toBe("https://paperboard.test/a?b=c&d=e");
    expect(safeUrl(" http://localhost:3000/x ")).toBe("http://localhost:3000/x");
    // Relative ones too: an e-mail has no base to resolve them against.
    for (const url of [...HOSTILE_LINKS, "//evil.test", "/relative"]) {
      expect(safeUrl(url), JSON.stringify(url)).toBeUndefined();
    }
  });
});

describe("renderConfirmationEmail", () => {
  const confirmation = {
    siteName: "Paperboard",
    siteUrl: "https://paperboard.test",
    confirmUrl: "https://paperboard.test/subscribe/confirm?token=abc&x=1",
    frequency: "weekly" as const,
    expiresInHours: 48,
  };

  it("asks to confirm what was requested, with a link that expires, in both parts", () => {
    const { subject, html, text } = renderConfirmationEmail(confirmation);
    expect(subject).toBe("Confirm your weekly digest subscription \u00b7 Paperboard");
    for (const part of [visibleText(html), text]) {
      expect(part).toContain("the weekly digest of trending papers from Paperboard");
      expect(part).toContain("expires in 2 days");
      expect(part).toContain("ignore this e-mail: nothing will be sent to you unless you confirm");
    }
    expect(text).toContain("https://paperboard.test/subscribe/confirm?token=abc&x=1");
    expect(hrefs(html).filter((url) => url === confirmation.confirmUrl)).toHaveLength(2);
    expect(visibleText(html)).toContain("Confirm subscription");
    expect(html).not.toMatch(/<script|<style|<img/i);
  });

  it("states the expiry in hours when it is not whole days", () => {
    expect(renderConfirmationEmail({ ...confirmation, expiresInHours: 1 }).text).toContain("expires in 1 hour.");
    expect(renderConfirmationEmail({ ...confirmation, expiresInHours: 36, frequency: "daily" }).text).toContain(
      "expires in 36 hours.",
    );
  });

  it("refuses to render without a usable confirmation link", () => {
    expect(() => renderConfirmationEmail({ ...confirmation, confirmUrl: "javascript:alert(1)" })).toThrow(TypeError);
  });

  it("escapes the site name", () => {
    const { html } = renderConfirmationEmail({ ...confirmation, siteName: "<img src=x onerror=alert(1)>" });
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
