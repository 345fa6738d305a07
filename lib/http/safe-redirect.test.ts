import { describe, expect, it } from "vitest";
import { decodePathSegment } from "./path-segment";
import { safeRedirectPath } from "./safe-redirect";
import { HOSTILE_LINKS } from "@/testing/hostile-links";

describe("safeRedirectPath", () => {
  it("keeps paths on this site and refuses the rest", () => {
    expect(safeRedirectPath("/papers/2401.00001?x=1#c")).toBe("/papers/2401.00001?x=1#c");
    // Absolute URLs, even valid ones, and anything that is not a short path string.
    for (const raw of [
      ...HOSTILE_LINKS,
      "https://evil.example",
      "evil",
      "/a\u007fb",
      42,
      undefined,
      "/" + "a".repeat(2000),
    ]) {
      expect(safeRedirectPath(raw), JSON.stringify(raw)).toBe("/");
    }
  });

  it("percent-encodes what a Location header cannot carry (a 500 before)", () => {
    expect(safeRedirectPath("/\u3000/evil.example")).toBe("/%E3%80%80/evil.example");
    expect(safeRedirectPath("/u/Zoë López")).toBe("/u/Zo%C3%AB%20L%C3%B3pez");
    expect(safeRedirectPath("/a\uD800b", "/home")).toBe("/home");
    for (const raw of ["/\u3000/evil.example", "/é", "/ x"])
      expect(safeRedirectPath(raw)).toMatch(/^\/[\u0021-\u007e]*$/);
  });
});

describe("decodePathSegment", () => {
  it("decodes, and answers null for malformed escapes instead of throwing", () => {
    expect(decodePathSegment("Zo%C3%AB")).toBe("Zoë");
    expect(decodePathSegment("%25")).toBe("%");
    expect(decodePathSegment("%")).toBeNull();
    expect(decodePathSegment("%E3%80")).toBeNull();
    expect(decodePathSegment("%FF")).toBeNull();
  });
});
