/**
 * Comment HTML (sanitized, stored when written) can hold blocks that scroll sideways on a
 * narrow screen: code, display math, tables. A keyboard can scroll only what it can focus
 * (WCAG 2.1.1; axe's scrollable-region-focusable), so each such block is made focusable
 * and named. Done on the stored HTML when it is shown, so comments written before this
 * need no re-rendering.
 *
 * A plain string replacement is sound here: in the sanitizer's output a `<` in text is
 * always escaped (`&#x3C;`), so `<pre>`, `<table>` and KaTeX's display span can only be the
 * elements themselves, in exactly these spellings.
 */
const BLOCKS: [RegExp, string][] = [
  [/<pre>/g, '<pre tabindex="0" role="region" aria-label="Code">'],
  [/<table>/g, '<table tabindex="0" aria-label="Table">'],
  [/<span class="katex-display">/g, '<span class="katex-display" tabindex="0" role="region" aria-label="Equation">'],
];

export function withKeyboardScrolling(html: string): string {
  let out = html;
  for (const [pattern, replacement] of BLOCKS) out = out.replace(pattern, replacement);
  return out;
}
