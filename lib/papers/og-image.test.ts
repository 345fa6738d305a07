import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GEIST_COVERAGE, clip, coveredByFont, ogSafeText } from "./og-image";

/** The code points a TrueType font maps to a glyph, from its cmap (formats 4 and 12). */
function fontCodePoints(font: Buffer): Set<number> {
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let index = 0; index < tables; index++) {
    const record = 12 + index * 16;
    if (font.toString("latin1", record, record + 4) === "cmap") cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error("no cmap table");
  const found = new Set<number>();
  for (let index = 0; index < font.readUInt16BE(cmap + 2); index++) {
    const offset = cmap + font.readUInt32BE(cmap + 4 + index * 8 + 4);
    const format = font.readUInt16BE(offset);
    if (format === 4) {
      const segments = font.readUInt16BE(offset + 6) / 2;
      const ends = offset + 14;
      const starts = ends + segments * 2 + 2;
      const deltas = starts + segments * 2;
      const ranges = deltas + segments * 2;
      for (let segment = 0; segment < segments; segment++) {
        const end = font.readUInt16BE(ends + segment * 2);
        const start = font.readUInt16BE(starts + segment * 2);
        const delta = font.readInt16BE(deltas + segment * 2);
        const rangeOffset = font.readUInt16BE(ranges + segment * 2);
        for (let code = start; code <= end && code !== 0xffff; code++) {
          let glyph =
            rangeOffset === 0
              ? (code + delta) & 0xffff
              : font.readUInt16BE(ranges + segment * 2 + rangeOffset + (code - start) * 2);
          if (rangeOffset !== 0 && glyph !== 0) glyph = (glyph + delta) & 0xffff;
          if (glyph !== 0) found.add(code);
        }
      }
    } else if (format === 12) {
      for (let group = 0; group < font.readUInt32BE(offset + 12); group++) {
        const record = offset + 16 + group * 12;
        const start = font.readUInt32BE(record);
        const startGlyph = font.readUInt32BE(record + 8);
        for (let code = start; code <= font.readUInt32BE(record + 4); code++)
          if (startGlyph + code - start !== 0) found.add(code);
      }
    }
  }
  return found;
}

describe("the social image's text", () => {
  it("lists exactly what the font bundled with next/og covers", () => {
    const require = createRequire(import.meta.url);
    const fontPath = path.join(
      path.dirname(require.resolve("next/package.json")),
      "dist/compiled/@vercel/og/Geist-Regular.ttf",
    );
    const inFont = [...fontCodePoints(readFileSync(fontPath))].sort((a, b) => a - b);
    const listed = GEIST_COVERAGE.flatMap(([start, end]) =>
      Array.from({ length: end - start + 1 }, (_, index) => start + index),
    );
    expect(listed).toEqual(inFont);
  });

  it("keeps only drawable characters, so rendering never downloads a font or an emoji", () => {
    const text = ogSafeText("Émile & Łukasz: 𝒪(n) ﬀ — “quoted” ▲ 你好 🚀 α-Nets for λ-calculus\u200b\n\ttabs");
    expect(text).toBe("Émile & Łukasz: O(n) ff — “quoted” ▲ alpha-Nets for λ-calculus tabs");
    for (const character of text) expect(coveredByFont(character.codePointAt(0)!)).toBe(true);
    expect(ogSafeText("王小明")).toBe("");
  });

  it("clips at a word with an ellipsis", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("a long title that goes on", 14)).toBe("a long title…");
  });
});
