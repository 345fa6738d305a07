import katex from "katex";

/**
 * arXiv titles and abstracts are LaTeX-flavoured plain text: inline math ($...$, \(...\)),
 * display math ($$...$$, \[...\]), escaped characters (get\_capital), TeX quotes
 * (``like this'') and bare superscripts (V^3). This module splits such text into segments
 * a component renders: text stays text (React escapes it), math goes through KaTeX with
 * `trust` off, so nothing in a title or abstract can inject markup.
 */

export type TexSegment =
  | { kind: "text"; text: string }
  | { kind: "sup"; text: string }
  | { kind: "math"; html: string; display: boolean };

// Order matters: $$ before $, and an escaped \$ is never a delimiter.
const MATH = new RegExp(
  [
    String.raw`\$\$([\s\S]+?)\$\$`,
    String.raw`\\\[([\s\S]+?)\\\]`,
    String.raw`\\\(([\s\S]+?)\\\)`,
    // Inline $...$: no space just inside the dollars and no digit right after the closing one,
    // so that "costs $5 and $10" stays text (the rule pandoc uses).
    String.raw`(?<!\\)\$(?=\S)((?:\\.|[^$\\\n])+?)(?<=\S)\$(?!\d)`,
  ].join("|"),
  "g",
);

const TEXT_REPLACEMENTS: [RegExp, string][] = [
  [/\\([_%&#$])/g, "$1"],
  [/``/g, "\u201c"],
  [/''/g, "\u201d"],
  // A straight opening quote closed TeX-style: "unlearn'' reads “unlearn”.
  [/"(?=[^"\s][^"]*?\u201d)/g, "\u201c"],
  [/(\d)--(\d)/g, "$1\u2013$2"],
  [/---/g, "\u2014"],
];

const SUPERSCRIPT = /([\p{L}\p{N})])\^(\{([^{}]{1,20})\}|[\p{L}\p{N}]+)/gu;

export function renderMath(tex: string, display: boolean): string {
  return katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    // Never let \href, \url, \includegraphics or \htmlData produce live markup.
    trust: false,
    strict: "ignore",
    maxSize: 20,
    maxExpand: 500,
    output: "htmlAndMathml",
  });
}

function textSegments(raw: string): TexSegment[] {
  let text = raw;
  for (const [pattern, replacement] of TEXT_REPLACEMENTS) text = text.replace(pattern, replacement);
  const segments: TexSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(SUPERSCRIPT)) {
    const start = match.index + match[1]!.length;
    if (start > last) segments.push({ kind: "text", text: text.slice(last, start) });
    segments.push({ kind: "sup", text: match[3] ?? match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}

export function parseTexText(input: string): TexSegment[] {
  const segments: TexSegment[] = [];
  let last = 0;
  for (const match of input.matchAll(MATH)) {
    if (match.index > last) segments.push(...textSegments(input.slice(last, match.index)));
    const [, displayDollar, displayBracket, inlineParen, inlineDollar] = match;
    const display = displayDollar !== undefined || displayBracket !== undefined;
    const tex = (displayDollar ?? displayBracket ?? inlineParen ?? inlineDollar ?? "").trim();
    segments.push({ kind: "math", html: renderMath(tex, display), display });
    last = match.index + match[0].length;
  }
  if (last < input.length) segments.push(...textSegments(input.slice(last)));
  return segments;
}

/** The text a reader would see, without markup: for <title>, feeds and plain-text e-mail. */
export function plainTexText(input: string): string {
  return input
    .replace(MATH, (whole, a, b, c, d) => (a ?? b ?? c ?? d ?? whole).trim())
    .replace(/\\([_%&#$])/g, "$1")
    .replace(/``/g, "\u201c")
    .replace(/''/g, "\u201d");
}
