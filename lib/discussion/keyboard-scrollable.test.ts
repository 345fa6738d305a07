import { describe, expect, it } from "vitest";
import { renderCommentBody } from "@/lib/discussion/markdown";
import { withKeyboardScrolling } from "@/lib/discussion/keyboard-scrollable";

describe("withKeyboardScrolling", () => {
  it("makes code, tables and display math in a rendered comment focusable and named", () => {
    const { html } = renderCommentBody("```\nlong line\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n$$\nx^2\n$$\n");
    const out = withKeyboardScrolling(html);
    expect(out).toContain('<pre tabindex="0" role="region" aria-label="Code">');
    expect(out).toContain('<table tabindex="0" aria-label="Table">');
    expect(out).toContain('<span class="katex-display" tabindex="0" role="region" aria-label="Equation">');
  });

  it("leaves a typed <pre> in text alone: it is escaped, never an element", () => {
    const { html } = renderCommentBody("I wrote <pre> and `<table>` here.");
    expect(withKeyboardScrolling(html)).toBe(html);
  });
});
