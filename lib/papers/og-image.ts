/**
 * Pure helpers for the social-preview images (app/og/paper/[...arxivId]/route.tsx).
 *
 * next/og draws text with the one font it bundles (Geist Regular) and, for any character
 * that font lacks, downloads a font (or an emoji image) from Google's servers at render
 * time. The images must never need the internet, so their text is first reduced to the
 * characters the bundled font covers: GEIST_COVERAGE is that font's cmap, and
 * lib/papers/og-image.test.ts checks it against the font file that ships with Next.js.
 */

/** Code point ranges (inclusive) in next/dist/compiled/@vercel/og/Geist-Regular.ttf. */
export const GEIST_COVERAGE: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x113],
  [0x116, 0x12b],
  [0x12e, 0x137],
  [0x139, 0x13e],
  [0x141, 0x148],
  [0x14a, 0x14d],
  [0x150, 0x17e],
  [0x18f, 0x18f],
  [0x192, 0x192],
  [0x1a0, 0x1a1],
  [0x1af, 0x1b0],
  [0x1cd, 0x1ce],
  [0x1e4, 0x1e9],
  [0x218, 0x21b],
  [0x237, 0x237],
  [0x259, 0x259],
  [0x2b9, 0x2b9],
  [0x2bc, 0x2bc],
  [0x2c6, 0x2c8],
  [0x2d8, 0x2dd],
  [0x300, 0x304],
  [0x306, 0x30c],
  [0x312, 0x312],
  [0x31b, 0x31b],
  [0x323, 0x323],
  [0x326, 0x328],
  [0x335, 0x338],
  [0x39b, 0x39b],
  [0x3a9, 0x3a9],
  [0x3bb, 0x3bc],
  [0x3c0, 0x3c0],
  [0x3c9, 0x3c9],
  [0x400, 0x45f],
  [0x462, 0x463],
  [0x46a, 0x46b],
  [0x472, 0x475],
  [0x490, 0x493],
  [0x496, 0x497],
  [0x49a, 0x49b],
  [0x4a2, 0x4a3],
  [0x4ae, 0x4b3],
  [0x4b6, 0x4b7],
  [0x4ba, 0x4bb],
  [0x4c0, 0x4c0],
  [0x4cf, 0x4cf],
  [0x4d8, 0x4d9],
  [0x4e2, 0x4e3],
  [0x4e8, 0x4e9],
  [0x4ee, 0x4ef],
  [0xe3f, 0xe3f],
  [0x1e20, 0x1e21],
  [0x1e80, 0x1e85],
  [0x1e9e, 0x1e9e],
  [0x1ea0, 0x1ef9],
  [0x2013, 0x2014],
  [0x2018, 0x201a],
  [0x201c, 0x201e],
  [0x2020, 0x2022],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x2032, 0x2033],
  [0x2039, 0x203a],
  [0x2044, 0x2044],
  [0x2070, 0x2070],
  [0x2074, 0x2079],
  [0x2080, 0x2089],
  [0x20aa, 0x20aa],
  [0x20ac, 0x20ac],
  [0x20b1, 0x20b1],
  [0x20b4, 0x20b4],
  [0x20b9, 0x20b9],
  [0x20bd, 0x20bd],
  [0x2116, 0x2117],
  [0x2122, 0x2122],
  [0x2153, 0x2155],
  [0x215b, 0x215e],
  [0x2190, 0x2199],
  [0x219d, 0x219d],
  [0x21a9, 0x21aa],
  [0x21b0, 0x21b1],
  [0x21b3, 0x21b5],
  [0x21e4, 0x21e5],
  [0x21e7, 0x21e7],
  [0x2202, 0x2202],
  [0x2206, 0x2206],
  [0x220f, 0x220f],
  [0x2211, 0x2212],
  [0x221a, 0x221a],
  [0x221e, 0x221e],
  [0x222b, 0x222b],
  [0x2236, 0x2236],
  [0x2248, 0x2248],
  [0x2260, 0x2260],
  [0x2264, 0x2265],
  [0x2460, 0x2468],
  [0x24ea, 0x24ea],
  [0x24ff, 0x24ff],
  [0x25b2, 0x25b3],
  [0x25b6, 0x25b7],
  [0x25bc, 0x25bd],
  [0x25c0, 0x25c1],
  [0x25ca, 0x25cc],
  [0x25cf, 0x25cf],
  [0x2639, 0x263a],
  [0x2776, 0x277e],
  [0x3003, 0x3003],
  [0x301c, 0x301c],
  [0xa78b, 0xa78c],
  [0xf8ff, 0xf8ff],
  [0xfb01, 0xfb02],
];

export function coveredByFont(codePoint: number): boolean {
  let low = 0;
  let high = GEIST_COVERAGE.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = GEIST_COVERAGE[middle]!;
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

// Greek is common in titles and mostly missing from the font: spelled out beats dropped.
const GREEK =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma sigma tau upsilon phi chi psi omega".split(
    " ",
  );

function spellGreek(codePoint: number): string | null {
  const lower =
    codePoint >= 0x3b1 && codePoint <= 0x3c9
      ? codePoint - 0x3b1
      : codePoint >= 0x391 && codePoint <= 0x3a9
        ? codePoint - 0x391
        : -1;
  const name = lower >= 0 ? GREEK[lower] : undefined;
  if (!name) return null;
  return codePoint >= 0x3b1 ? name : name[0]!.toUpperCase() + name.slice(1);
}

/**
 * The text with only characters the bundled font can draw: others become their
 * compatibility form when that is drawable (𝒪 → O, ﬀ → ff), Greek letters their names,
 * and the rest (CJK, emoji, symbols) is left out. Whitespace is collapsed.
 */
export function ogSafeText(text: string): string {
  let result = "";
  for (const character of text.normalize("NFC").replace(/\s+/g, " ")) {
    const codePoint = character.codePointAt(0)!;
    if (coveredByFont(codePoint)) {
      result += character;
      continue;
    }
    const greek = spellGreek(codePoint);
    if (greek) {
      result += greek;
      continue;
    }
    const folded = character.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (folded && folded !== character && [...folded].every((part) => coveredByFont(part.codePointAt(0)!)))
      result += folded;
  }
  return result.replace(/ {2,}/g, " ").trim();
}

/** At most `max` characters, cut at a word with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
