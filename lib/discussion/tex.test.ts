import { describe, expect, it } from "vitest";
import {
  parseTexText,
  plainTexText,
  readableTexText,
  splitUrls,
  texAccentsToUnicode,
  texMathToPlain,
  texPreview,
} from "./tex";

const textOf = (input: string) =>
  parseTexText(input)
    .map((segment) =>
      segment.kind === "math" ? "<math>" : segment.kind === "sup" ? `^(${segment.text})` : segment.text,
    )
    .join("");

describe("parseTexText", () => {
  it("renders inline and display math with KaTeX", () => {
    const segments = parseTexText("Energy $E=mc^2$ and $$\\int_0^1 x\\,dx$$ and \\(\\alpha\\) and \\[\\beta\\]");
    const math = segments.filter((segment) => segment.kind === "math");
    expect(math).toHaveLength(4);
    expect(math.map((segment) => segment.kind === "math" && segment.display)).toEqual([false, true, false, true]);
    expect(math[0]!.kind === "math" && math[0]!.html).toContain('class="katex"');
  });

  it("reads TeX escapes and quotes as a person expects", () => {
    expect(textOf("such as ``get\\_capital(X),'' and")).toBe("such as \u201cget_capital(X),\u201d and");
    expect(textOf("to forget (or \"unlearn'') a skill")).toBe("to forget (or \u201cunlearn\u201d) a skill");
    expect(textOf("github.com/Med-Process/Strip\\_MLP.")).toBe("github.com/Med-Process/Strip_MLP.");
  });

  it("turns bare superscripts into superscripts", () => {
    expect(textOf("V^3: Viewing Volumetric Videos")).toBe("V^(3): Viewing Volumetric Videos");
    expect(textOf("benchmark LLMEval^2 for")).toBe("benchmark LLMEval^(2) for");
    expect(textOf("x^{10} items")).toBe("x^(10) items");
  });

  it("leaves prices and escaped dollars as text", () => {
    expect(textOf("costs $5 and $10 today")).toBe("costs $5 and $10 today");
    expect(textOf("a \\$ sign")).toBe("a $ sign");
  });

  it("never passes markup through: text stays text and KaTeX runs with trust off", () => {
    const segments = parseTexText("<img src=x onerror=alert(1)> $\\href{javascript:alert(1)}{x}$");
    expect(segments[0]).toEqual({ kind: "text", text: "<img src=x onerror=alert(1)> " });
    const math = segments[1];
    expect(math?.kind).toBe("math");
    // The source stays visible as escaped text in the MathML annotation, never as a link.
    expect(math?.kind === "math" && math.html).not.toMatch(/href=/i);
    expect(math?.kind === "math" && math.html).not.toContain("<a ");
  });

  it("does not throw on malformed math", () => {
    expect(() => parseTexText("broken $\\frac{1}{$ end")).not.toThrow();
  });
});

describe("plainTexText", () => {
  it("strips delimiters and escapes for plain-text places", () => {
    expect(plainTexText("On $O(n)$ and get\\_capital ``x''")).toBe("On O(n) and get_capital \u201cx\u201d");
  });
});

describe("TeX accents, plain math, previews and URLs", () => {
  it("turns TeX accents into Unicode letters", () => {
    expect(
      texAccentsToUnicode('M\\"uller, G\\"{o}del, {\\\'e}t\\\'e, Erd\\H{o}s, \\c{c}a, \\v s, na\\"{\\i}ve, \\ss'),
    ).toBe("Müller, Gödel, été, Erdős, ça, š, naïve, ß");
    expect(textOf('K\\"onig')).toBe("König");
    expect(plainTexText('Schr\\"odinger')).toBe("Schrödinger");
    // Math commands that begin like letter accents are left to KaTeX.
    expect(texAccentsToUnicode("$a \\cdot b$ and \\vec{x}")).toBe("$a \\cdot b$ and \\vec{x}");
  });

  it("reads formulas as plain text, never as TeX source", () => {
    expect(texMathToPlain("O(n^2 \\cdot d)")).toBe("O(n² · d)");
    expect(texMathToPlain("\\mathcal{O}(n \\log n)")).toBe("O(n log n)");
    expect(texMathToPlain("x_{10} \\leq \\alpha^{k}")).toBe("x₁₀ ≤ α^k");
    expect(readableTexText('costs $O(n^2 \\cdot d)$ per layer, by M\\"uller')).toBe(
      "costs O(n² · d) per layer, by Müller",
    );
    expect(readableTexText("``quoted'' and get\\_x")).toBe("\u201cquoted\u201d and get_x");
  });

  it("cuts a preview at a space outside formulas, with an ellipsis", () => {
    expect(texPreview("short text", 100)).toEqual({ text: "short text", cut: false });
    const { text, cut } = texPreview("We study $O(n^2 \\cdot d)$ attention in transformers today", 20);
    expect(cut).toBe(true);
    expect(text).toBe("We study…");
    expect(texPreview("one two three four", 12).text).toBe("one two…");
  });

  it("finds URLs in text without their trailing punctuation", () => {
    expect(splitUrls("Code: https://github.com/a/b. See (https://x.org/p).")).toEqual([
      { text: "Code: ", url: null },
      { text: "https://github.com/a/b", url: "https://github.com/a/b" },
      { text: ". See (", url: null },
      { text: "https://x.org/p", url: "https://x.org/p" },
      { text: ").", url: null },
    ]);
    expect(splitUrls("https://en.wikipedia.org/wiki/A_(b)")).toEqual([
      { text: "https://en.wikipedia.org/wiki/A_(b)", url: "https://en.wikipedia.org/wiki/A_(b)" },
    ]);
    expect(splitUrls("javascript:alert(1) and http:// alone")).toEqual([
      { text: "javascript:alert(1) and http:// alone", url: null },
    ]);
  });
});
