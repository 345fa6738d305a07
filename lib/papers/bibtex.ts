import { arxivAbsUrl } from "@/lib/papers/arxiv-id";

/**
 * A BibTeX entry for an arXiv paper, in the shape arXiv's own "Export BibTeX citation"
 * gives (@misc with eprint, archivePrefix and primaryClass), so that biblatex and natbib
 * styles print it as an arXiv preprint. Pure.
 *
 * arXiv titles are already LaTeX: math ($…$, \(…\)) and escapes (\_) are kept as written,
 * and only what would break LaTeX or BibTeX is rewritten (bare & % # _ ^ ~ outside math,
 * braces that do not balance: BibTeX counts braces even after a backslash).
 */

export interface BibtexPaper {
  arxivId: string;
  title: string;
  authors: string[];
  /** YYYY-MM-DD or null when unknown: then the entry has no year. */
  publishedOn: string | null;
  categories: string[];
}

// Words that never make a citation key: articles, prepositions, conjunctions.
const STOP_WORDS = new Set(
  "a an the on of in for to and or with via from at by as is are be its into onto over under towards toward through using about between without what how why when do does can we our".split(
    " ",
  ),
);

// Letters that NFKD does not take apart into a base letter and a mark.
const FOLDED: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ø: "o",
  Ø: "O",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "Th",
  ı: "i",
  ħ: "h",
  Ħ: "H",
};

/** ASCII letters and digits only, diacritics removed: "Łukasz Müller" → "Lukasz Muller". */
export function asciiFold(text: string): string {
  return text
    .replace(/[ßæÆœŒøØłŁđĐðÐþÞıħĦ]/g, (letter) => FOLDED[letter] ?? letter)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "");
}

const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/** The family name: "Wang, Penghao" → Wang; "Guido van Rossum Jr." → Rossum. */
function surname(author: string): string {
  const name = author.trim();
  if (name.includes(",")) return name.split(",")[0]!.trim();
  const words = name.split(/\s+/).filter((word) => !SUFFIX.test(word));
  return words[words.length - 1] ?? "";
}

// Math and TeX commands say nothing a key can use ("$O(n)$ sorting" → sorting).
const MATH_SPAN = /\$\$[\s\S]*?\$\$|\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)|(?<!\\)\$(?:\\.|[^$\\])*?\$/g;

function keyWord(title: string): string {
  const words = asciiFold(title.replace(MATH_SPAN, " ").replace(/\\[A-Za-z]+/g, " "))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word) && /[a-z]/.test(word));
  return words[0] ?? "";
}

/** surname + year + first significant title word, e.g. wang2024interpretable. */
export function citationKey(paper: Pick<BibtexPaper, "title" | "authors" | "publishedOn" | "arxivId">): string {
  const first = paper.authors[0];
  const name = (first ? asciiFold(surname(first)) : "").toLowerCase().replace(/[^a-z]/g, "") || "anonymous";
  const year = /^\d{4}/.exec(paper.publishedOn ?? "")?.[0] ?? "";
  const word = keyWord(paper.title);
  return `${name}${year}${word}`;
}

/** Outside math: what LaTeX would misread as an alignment tab, comment, parameter or subscript. */
function escapeText(text: string): string {
  return (
    text
      .replace(/(?<!\\)([&%#_])/g, "\\$1")
      // arXiv's bare superscripts (V^3, x^{10}), as lib/discussion/tex.ts reads them; any other ^ is a caret.
      .replace(
        /(?<!\\)\^(?:\{([^{}]{1,20})\}|([\p{L}\p{N}]+))/gu,
        (_whole, braced?: string, bare?: string) => `\\textsuperscript{${braced ?? bare}}`,
      )
      .replace(/(?<!\\)\^/g, "\\textasciicircum{}")
      .replace(/(?<!\\)~/g, "\\textasciitilde{}")
  );
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === "{") depth += 1;
    else if (character === "}") depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const OPEN = "\u0001";
const CLOSE = "\u0002";

/** A field value: LaTeX-safe outside math, braces balanced, on one line. */
export function bibtexValue(raw: string): string {
  let text = raw
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // An unbalanced brace would end the field early or swallow the rest of the file, so then
  // every brace becomes a brace character (placeholders survive the escaping below).
  if (!balanced(text)) text = text.replace(/\\?\{/g, OPEN).replace(/\\?\}/g, CLOSE);
  let result = "";
  let last = 0;
  for (const match of text.matchAll(MATH_SPAN)) {
    result += escapeText(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  result += escapeText(text.slice(last));
  return result.replaceAll(OPEN, "\\textbraceleft{}").replaceAll(CLOSE, "\\textbraceright{}");
}

/** A name BibTeX would split on a bare "and", or a collaboration, is kept whole in braces. */
function bibtexName(author: string): string {
  const value = bibtexValue(author);
  return /\band\b/i.test(value) || /\bcollaboration\b/i.test(value) ? `{${value}}` : value;
}

export function bibtexEntry(paper: BibtexPaper): string {
  const year = /^\d{4}/.exec(paper.publishedOn ?? "")?.[0];
  const fields: [string, string][] = [
    ["title", bibtexValue(paper.title)],
    ...(paper.authors.length > 0
      ? ([["author", paper.authors.map(bibtexName).join(" and ")]] as [string, string][])
      : []),
    ...(year ? ([["year", year]] as [string, string][]) : []),
    ["eprint", paper.arxivId],
    ["archivePrefix", "arXiv"],
    ...(paper.categories[0] ? ([["primaryClass", bibtexValue(paper.categories[0])]] as [string, string][]) : []),
    ["url", arxivAbsUrl(paper.arxivId)],
  ];
  return `@misc{${citationKey(paper)},\n${fields.map(([name, value]) => `  ${name}={${value}}`).join(",\n")}\n}`;
}
