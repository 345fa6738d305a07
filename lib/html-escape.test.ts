import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html-escape";

describe("escapeHtml", () => {
  it("escapes the five characters that end text or a quoted attribute", () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)"> & 'q'`)).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;",
    );
  });

  it("escapes an ampersand once, so an entity in the text stays text", () => {
    expect(escapeHtml("&amp; &#60;")).toBe("&amp;amp; &amp;#60;");
  });

  it("leaves everything else as it is", () => {
    const text = "O(n² · d) — “quoted” \u2028 tab\t end";
    expect(escapeHtml(text)).toBe(text);
  });
});
