import { describe, expect, it } from "vitest";
import { asciiFold, bibtexEntry, bibtexValue, citationKey, type BibtexPaper } from "./bibtex";

const paper = (overrides: Partial<BibtexPaper> = {}): BibtexPaper => ({
  arxivId: "2403.19521",
  title: "Interpretable Machine Learning for TCR-Epitope Binding",
  authors: ["Penghao Wang", "Lan Xu", "Jingyi Yu"],
  publishedOn: "2024-03-28",
  categories: ["cs.LG", "q-bio.QM"],
  ...overrides,
});

/** BibTeX's own rule: braces balance, whatever precedes them. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    depth += character === "{" ? 1 : character === "}" ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe("bibtexEntry", () => {
  it("writes an arXiv @misc entry in arXiv's own shape", () => {
    expect(bibtexEntry(paper())).toBe(
      [
        "@misc{wang2024interpretable,",
        "  title={Interpretable Machine Learning for TCR-Epitope Binding},",
        "  author={Penghao Wang and Lan Xu and Jingyi Yu},",
        "  year={2024},",
        "  eprint={2403.19521},",
        "  archivePrefix={arXiv},",
        "  primaryClass={cs.LG},",
        "  url={https://arxiv.org/abs/2403.19521}",
        "}",
      ].join("\n"),
    );
  });

  it("leaves out the year when the date is unknown, and the class when there is no category", () => {
    const entry = bibtexEntry(
      paper({ arxivId: "2409.13648", title: "V^3: Viewing Volumetric Videos", publishedOn: null, categories: [] }),
    );
    expect(entry).not.toContain("year=");
    expect(entry).not.toContain("primaryClass=");
    expect(entry).toMatch(/^@misc\{wangviewing,\n/);
    expect(entry).toContain("title={V\\textsuperscript{3}: Viewing Volumetric Videos}");
  });

  it("keeps math and TeX escapes as written, and escapes what LaTeX would misread", () => {
    expect(bibtexValue("Sorting in $O(n \\log n)$ time")).toBe("Sorting in $O(n \\log n)$ time");
    expect(bibtexValue("such as ``get\\_capital(X),'' and")).toBe("such as ``get\\_capital(X),'' and");
    expect(bibtexValue("R&D at 50% for #1 with snake_case")).toBe("R\\&D at 50\\% for \\#1 with snake\\_case");
    expect(bibtexValue("Math $a_1 & b$ stays")).toBe("Math $a_1 & b$ stays");
    expect(bibtexValue("x^{10} and ~ and ^ alone")).toBe(
      "x\\textsuperscript{10} and \\textasciitilde{} and \\textasciicircum{} alone",
    );
    expect(bibtexValue("A title\n  across lines")).toBe("A title across lines");
  });

  it("keeps braces when they balance and neutralises them when they do not", () => {
    expect(bibtexValue("{BERT} rediscovers the {NLP} pipeline")).toBe("{BERT} rediscovers the {NLP} pipeline");
    const broken = bibtexValue("An unmatched { brace, a \\} and a {pair}}");
    expect(balanced(broken)).toBe(true);
    expect(broken).toBe(
      "An unmatched \\textbraceleft{} brace, a \\textbraceright{} and a \\textbraceleft{}pair\\textbraceright{}\\textbraceright{}",
    );
    const closing = bibtexEntry(paper({ title: "Closes } early }}} and @misc{x, inject" }));
    expect(balanced(closing)).toBe(true);
    expect(closing.split("\n")).toHaveLength(9);
  });

  it("keeps names that contain 'and' or name a collaboration whole", () => {
    const entry = bibtexEntry(paper({ authors: ["Anderson Silva", "Rand and Sons", "ATLAS Collaboration"] }));
    expect(entry).toContain("author={Anderson Silva and {Rand and Sons} and {ATLAS Collaboration}}");
  });
});

describe("citationKey", () => {
  it("is surname, year and the first significant title word, in ASCII", () => {
    expect(citationKey(paper())).toBe("wang2024interpretable");
    expect(citationKey(paper({ authors: ["Łukasz Kaiser"], title: "The Attention Is All You Need" }))).toBe(
      "kaiser2024attention",
    );
    expect(citationKey(paper({ authors: ["José Müller-Øster"], title: "On a $\\beta$-VAE for Ærial images" }))).toBe(
      "mulleroster2024vae",
    );
    expect(citationKey(paper({ authors: ["Vaswani, Ashish"], title: "$O(n)$ Sorting" }))).toBe("vaswani2024sorting");
    expect(citationKey(paper({ authors: ["Guido van Rossum Jr."] }))).toBe("rossum2024interpretable");
  });

  it("still makes a key without authors, a usable surname or words", () => {
    expect(citationKey(paper({ authors: [] }))).toBe("anonymous2024interpretable");
    expect(citationKey(paper({ authors: ["王小明"], publishedOn: null, title: "$x$" }))).toBe("anonymous");
  });

  it("is stable: the same paper always gets the same key", () => {
    expect(citationKey(paper())).toBe(citationKey(paper()));
  });
});

describe("asciiFold", () => {
  it("removes diacritics and folds letters NFKD keeps whole", () => {
    expect(asciiFold("Łukasz Müller straße Ærøskøbing")).toBe("Lukasz Muller strasse AEroskobing");
  });
});
