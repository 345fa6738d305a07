import katex from "katex";

/**
 * arXiv titles and abstracts are LaTeX-flavoured plain text: inline math ($...$, \(...\)),
 * display math ($$...$$, \[...\]), escaped characters (get\_capital), TeX quotes
 * (``like this'') and bare superscripts (V^3). This module splits such text into segments
 * a component renders: text stays text (React escapes it), math goes through KaTeX with
 * `trust` off, so nothing in a title or abstract can inject markup.
 */

export type TexSegment =
  { kind: "text"; text: string } | { kind: "sup"; text: string } | { kind: "math"; html: string; display: boolean };

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

/**
 * TeX accents as arXiv abstracts write them (\"u, \'{e}, {\"o}, \c{c}, \v s) and the
 * combining mark each stands for; the text is NFC-normalised afterwards, so "u" + U+0308
 * becomes "ü".
 */
const ACCENT_MARKS: Record<string, string> = {
  '"': "\u0308",
  "'": "\u0301",
  "`": "\u0300",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  ".": "\u0307",
  u: "\u0306",
  v: "\u030c",
  H: "\u030b",
  c: "\u0327",
  k: "\u0328",
  r: "\u030a",
};
// Symbol accents take one letter or a braced letter; letter accents (\c, \v…) need a brace or a space.
const ACCENT =
  /\{?\\(["'`^~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))\}?|\{?\\([uvHckr])(?:\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))\}?/g;
const SPECIAL_LETTERS: [RegExp, string][] = [
  [/\{?\\ss\}?(?![A-Za-z])/g, "ß"],
  [/\{?\\o\}?(?![A-Za-z])/g, "ø"],
  [/\{?\\O\}?(?![A-Za-z])/g, "Ø"],
  [/\{?\\aa\}?(?![A-Za-z])/g, "å"],
  [/\{?\\AA\}?(?![A-Za-z])/g, "Å"],
  [/\{?\\ae\}?(?![A-Za-z])/g, "æ"],
  [/\{?\\l\}?(?![A-Za-z])/g, "ł"],
  [/\{?\\L\}?(?![A-Za-z])/g, "Ł"],
];

/** Replaces TeX accent commands with the accented Unicode letters ("M\\"uller" → "Müller"). */
export function texAccentsToUnicode(text: string): string {
  if (!text.includes("\\")) return text;
  let out = text.replace(ACCENT, (whole, symbol, braced, bare, letterAccent, letterBraced, letterBare) => {
    const accent = symbol ?? letterAccent;
    let letter: string = braced ?? bare ?? letterBraced ?? letterBare ?? "";
    // Dotless i and j under an accent: \"{\i} is ï.
    if (letter === "\\i") letter = "i";
    else if (letter === "\\j") letter = "j";
    else if (letter.startsWith("\\")) return whole;
    return (letter + ACCENT_MARKS[accent]!).normalize("NFC");
  });
  for (const [pattern, replacement] of SPECIAL_LETTERS) out = out.replace(pattern, replacement);
  return out;
}

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
  let text = texAccentsToUnicode(raw);
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
  return texAccentsToUnicode(input)
    .replace(MATH, (whole, a, b, c, d) => (a ?? b ?? c ?? d ?? whole).trim())
    .replace(/\\([_%&#$])/g, "$1")
    .replace(/``/g, "\u201c")
    .replace(/''/g, "\u201d");
}

const MATH_SYMBOLS: Record<string, string> = {
  cdot: "·",
  times: "×",
  div: "÷",
  pm: "±",
  mp: "∓",
  leq: "≤",
  le: "≤",
  geq: "≥",
  ge: "≥",
  neq: "≠",
  ne: "≠",
  approx: "≈",
  sim: "∼",
  simeq: "≃",
  equiv: "≡",
  propto: "∝",
  infty: "∞",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  Rightarrow: "⇒",
  mapsto: "↦",
  in: "∈",
  notin: "∉",
  subset: "⊂",
  subseteq: "⊆",
  cup: "∪",
  cap: "∩",
  emptyset: "∅",
  forall: "∀",
  exists: "∃",
  partial: "∂",
  nabla: "∇",
  sum: "∑",
  prod: "∏",
  int: "∫",
  sqrt: "√",
  ldots: "…",
  cdots: "⋯",
  dots: "…",
  log: "log",
  exp: "exp",
  min: "min",
  max: "max",
  sin: "sin",
  cos: "cos",
  lim: "lim",
  ell: "ℓ",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  upsilon: "υ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
};
const SUPERSCRIPT_DIGITS: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  n: "ⁿ",
  i: "ⁱ",
};
const SUBSCRIPT_DIGITS: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
};

function scripted(body: string, table: Record<string, string>, marker: string): string {
  const chars = [...body];
  return chars.every((char) => table[char] !== undefined)
    ? chars.map((char) => table[char]).join("")
    : `${marker}${body}`;
}

/**
 * A math formula as plain text a reader can follow, where no KaTeX can be drawn (search
 * snippets, cut anywhere): "O(n^2 \\cdot d)" reads "O(n² · d)". Known commands become their
 * symbols, simple scripts become Unicode superscripts and subscripts, other commands lose
 * their backslash, braces go.
 */
export function texMathToPlain(tex: string): string {
  return tex
    .replace(
      /\\(?:mathrm|mathbf|mathit|mathcal|mathbb|text|textbf|textit|operatorname|boldsymbol)\s*\{([^{}]*)\}/g,
      "$1",
    )
    .replace(/\\([A-Za-z]+)\s*/g, (whole, name: string) => {
      const symbol = MATH_SYMBOLS[name];
      if (symbol === undefined) return name;
      // Operators read with a space on both sides, names of functions with one after.
      return /^[a-z]+$/.test(symbol) ? `${symbol} ` : /[·×÷±∓≤≥≠≈∼≃≡∝→←⇒↦∈∉⊂⊆∪∩]/.test(symbol) ? ` ${symbol} ` : symbol;
    })
    .replace(/\^\{([^{}]{1,12})\}|\^([A-Za-z0-9+-])/g, (whole, braced, bare) =>
      scripted(braced ?? bare, SUPERSCRIPT_DIGITS, "^"),
    )
    .replace(/_\{([^{}]{1,12})\}|_([A-Za-z0-9+-])/g, (whole, braced, bare) =>
      scripted(braced ?? bare, SUBSCRIPT_DIGITS, "_"),
    )
    .replace(/\\[,;:!]|~/g, " ")
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Abstract text with its math read as plain text (texMathToPlain) and TeX accents, escapes
 * and quotes resolved: what a search snippet can be cut from without showing TeX source.
 */
export function readableTexText(input: string): string {
  return texAccentsToUnicode(input)
    .replace(MATH, (whole, a, b, c, d) => texMathToPlain(a ?? b ?? c ?? d ?? whole))
    .replace(/\\([_%&#$])/g, "$1")
    .replace(/``/g, "\u201c")
    .replace(/''/g, "\u201d")
    .replace(/(\d)--(\d)/g, "$1\u2013$2")
    .replace(/---/g, "\u2014");
}

/**
 * The first `maxChars` or so of arXiv text for a card's preview: cut at a space that lies
 * outside any formula (a cut formula would render as TeX source), with an ellipsis. Text
 * that is short enough comes back whole.
 */
export function texPreview(input: string, maxChars: number): { text: string; cut: boolean } {
  const text = input.replace(/\s+/g, " ").trim();
  if (text.length <= maxChars) return { text, cut: false };
  const formulas = [...text.matchAll(MATH)].map((match) => [match.index, match.index + match[0].length] as const);
  const insideFormula = (at: number) => formulas.some(([start, end]) => at > start && at < end);
  let cut = -1;
  for (let at = text.lastIndexOf(" ", maxChars); at > 0; at = text.lastIndexOf(" ", at - 1)) {
    if (!insideFormula(at)) {
      cut = at;
      break;
    }
  }
  if (cut <= 0) return { text, cut: false };
  return { text: `${text.slice(0, cut).replace(/[\s,;:.(-]+$/, "")}…`, cut: true };
}

/** http(s) URLs in arXiv text; a trailing full stop, comma or unmatched bracket is not part of one. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** Splits text into plain runs and URLs, so that a component can link the URLs without HTML. */
export function splitUrls(text: string): { text: string; url: string | null }[] {
  const parts: { text: string; url: string | null }[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0];
    while (/[.,;:!?'")\]}]$/.test(url)) {
      const tail = url.at(-1)!;
      // Keep a closing bracket that closes one opened inside the URL (Wikipedia's "(disambiguation)").
      if (tail === ")" && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    if (url.length <= "https://".length) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), url: null });
    parts.push({ text: url, url });
    last = match.index + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), url: null });
  return parts;
}
