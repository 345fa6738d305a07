import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arxivAbsUrl, arxivIdFromSegments, arxivPdfUrl, parseArxivId, parseArxivInput } from "./arxiv-id";

describe("parseArxivId", () => {
  it.each([
    ["2312.00752", "2312.00752", null],
    ["2312.00752v2", "2312.00752", 2],
    ["0704.0001", "0704.0001", null],
    ["1412.9999", "1412.9999", null],
    ["hep-th/9901001", "hep-th/9901001", null],
    ["math.GT/0309136v1", "math.GT/0309136", 1],
    [" 2409.13648 ", "2409.13648", null],
  ])("accepts %s", (raw, id, version) => {
    expect(parseArxivId(raw)).toEqual({ id, version });
  });

  it.each([
    "",
    "2312.0075",
    "2312.007521",
    "1501.1234",
    "1412.12345",
    "2313.00752",
    "0703.0001",
    "0612.1234",
    "2312.00752v0",
    "hep-th/0801001",
    "HEP-TH/9901001",
    "../etc/passwd",
    "2312.00752/vote",
    "<script>",
  ])("rejects %j", (raw) => {
    expect(parseArxivId(raw)).toBeNull();
  });

  it("builds arXiv links", () => {
    expect(arxivAbsUrl("hep-th/9901001")).toBe("https://arxiv.org/abs/hep-th/9901001");
    expect(arxivPdfUrl("2312.00752")).toBe("https://arxiv.org/pdf/2312.00752");
  });
});

describe("parseArxivInput", () => {
  it.each([
    ["2312.00752", "2312.00752", null],
    ["2312.00752v2", "2312.00752", 2],
    ["arXiv:2312.00752", "2312.00752", null],
    ["ARXIV:2312.00752v3", "2312.00752", 3],
    ["arxiv: 2312.00752", "2312.00752", null],
    ["https://arxiv.org/abs/2312.00752", "2312.00752", null],
    ["http://arxiv.org/abs/2312.00752v1", "2312.00752", 1],
    ["arxiv.org/abs/2312.00752", "2312.00752", null],
    ["www.arxiv.org/abs/2312.00752", "2312.00752", null],
    ["https://www.arxiv.org/abs/2312.00752", "2312.00752", null],
    ["HTTPS://ArXiv.org/abs/2312.00752", "2312.00752", null],
    ["https://arxiv.org/pdf/2312.00752", "2312.00752", null],
    ["https://arxiv.org/pdf/2312.00752v1.pdf", "2312.00752", 1],
    ["https://arxiv.org/pdf/2312.00752.pdf", "2312.00752", null],
    ["https://arxiv.org/html/2312.00752v2", "2312.00752", 2],
    ["https://export.arxiv.org/abs/2312.00752", "2312.00752", null],
    ["https://arxiv.org/abs/2312.00752/", "2312.00752", null],
    ["https://arxiv.org/abs/2312.00752?context=cs.LG", "2312.00752", null],
    ["https://arxiv.org/abs/2312.00752v2#comments", "2312.00752", 2],
    ["https://arxiv.org:443/abs/2312.00752", "2312.00752", null],
    ["hep-th/9901001", "hep-th/9901001", null],
    ["arXiv:hep-th/9901001v2", "hep-th/9901001", 2],
    ["https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001", 1],
    ["https://arxiv.org/pdf/hep-th/9901001v1.pdf", "hep-th/9901001", 1],
    ["arxiv.org/abs/math.GT/0309136/", "math.GT/0309136", null],
    ["\n\t https://arxiv.org/abs/2312.00752 \n", "2312.00752", null],
  ])("accepts %j", (raw, id, version) => {
    expect(parseArxivInput(raw)).toEqual({ id, version });
  });

  it.each([
    "",
    "   ",
    "arXiv:",
    "arXiv:arXiv:2312.00752",
    "arXiv 2312.00752",
    "2312.00752 2312.00753",
    "1234.12345",
    "https://example.org/abs/2312.00752",
    "https://arxiv.org.example.org/abs/2312.00752",
    "https://evilarxiv.org/abs/2312.00752",
    "https://user@arxiv.org/abs/2312.00752",
    "https://arxiv.org:8443/abs/2312.00752",
    "ftp://arxiv.org/abs/2312.00752",
    "javascript:alert(1)//arxiv.org/abs/2312.00752",
    "//arxiv.org/abs/2312.00752",
    "https://arxiv.org/",
    "https://arxiv.org/abs/",
    "https://arxiv.org/list/cs.LG/new",
    "https://arxiv.org/abs/2312.00752/vote",
    "https://arxiv.org/abs/2312.00752.pdf",
    "https://arxiv.org/abs/hep-th%2F9901001",
    "https://arxiv.org/a/gu_a_1",
    "https://arxiv.org/abs?id=2312.00752",
    "doi:10.48550/arXiv.2312.00752",
  ])("rejects %j", (raw) => {
    expect(parseArxivInput(raw)).toBeNull();
  });

  it("leaves parseArxivId strict: it takes no prefix or link", () => {
    expect(parseArxivId("arXiv:2312.00752")).toBeNull();
    expect(parseArxivId("https://arxiv.org/abs/2312.00752")).toBeNull();
  });
});

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** New-style ids as arXiv issues them: April 2007 on, four digits to 2014 and five after. */
const newStyleId = fc
  .record({ year: fc.integer({ min: 2007, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), n: fc.nat() })
  .filter(({ year, month }) => year > 2007 || month >= 4)
  .map(({ year, month, n }) => {
    const digits = year >= 2015 ? 5 : 4;
    return `${pad(year % 100, 2)}${pad(month, 2)}.${pad((n % 10 ** digits) + (n % 10 ** digits === 0 ? 1 : 0), digits)}`;
  });

/** Old-style ids: archive, optional .SUBJECT (math, cs), YYMMNNN from 1991 to March 2007. */
const oldStyleId = fc
  .record({
    archive: fc.constantFrom(
      "hep-th",
      "hep-ph",
      "hep-lat",
      "gr-qc",
      "quant-ph",
      "astro-ph",
      "cond-mat",
      "math-ph",
      "nucl-th",
      "math",
      "cs",
      "physics",
    ),
    subject: fc.option(fc.constantFrom("GT", "AG", "LG", "AI", "CO", "NA"), { nil: undefined }),
    year: fc.integer({ min: 1991, max: 2007 }),
    month: fc.integer({ min: 1, max: 12 }),
    number: fc.integer({ min: 1, max: 999 }),
  })
  .filter(({ year, month }) => year < 2007 || month <= 3)
  .map(({ archive, subject, year, month, number }) => {
    const withSubject = subject && (archive === "math" || archive === "cs") ? `${archive}.${subject}` : archive;
    return `${withSubject}/${pad(year % 100, 2)}${pad(month, 2)}${pad(number, 3)}`;
  });

const anyId = fc.oneof(newStyleId, oldStyleId);
const version = fc.option(fc.integer({ min: 1, max: 99 }), { nil: null });
const space = fc.constantFrom("", " ", "  ", "\t", "\n", " \r\n ");

/** Every way the same id turns up in a paste. */
const wrapping = fc.oneof(
  fc.constant((id: string) => id),
  fc.constantFrom("arXiv:", "arxiv:", "ARXIV:", "arXiv: ").map((prefix) => (id: string) => `${prefix}${id}`),
  fc
    .record({
      scheme: fc.constantFrom("https://", "http://", "", "HTTPS://"),
      host: fc.constantFrom("arxiv.org", "www.arxiv.org", "export.arxiv.org", "ArXiv.org"),
      page: fc.constantFrom("abs", "pdf", "html"),
      pdfSuffix: fc.boolean(),
      slash: fc.boolean(),
      tail: fc.constantFrom("", "?context=cs.LG", "#comments", "?v=1#x"),
    })
    .map(({ scheme, host, page, pdfSuffix, slash, tail }) => (id: string) => {
      const suffix = page === "pdf" && pdfSuffix ? ".pdf" : "";
      return `${scheme}${host}/${page}/${id}${suffix}${slash && !suffix ? "/" : ""}${tail}`;
    }),
);

const strictId = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})$/;

const fragment = fc.oneof(
  fc.constantFrom(
    "arXiv:",
    "https://",
    "http://",
    "arxiv.org",
    "www.",
    "evil.com",
    "@",
    ":8080",
    "/abs/",
    "/pdf/",
    "/",
    ".pdf",
    "v",
    "v0",
    "?",
    "#",
    "%2F",
    "..",
    " ",
    "\n",
    "hep-th",
    "math.GT",
    ".",
    "0",
    "9",
    "<",
    "&",
    "\u0000",
  ),
  fc.string({ maxLength: 3 }),
);

/**
 * Valid pastes with a few characters inserted, deleted or replaced: strings near the
 * grammar, so that the property meets accepted inputs as well as noise.
 */
const nearMiss = fc
  .record({
    id: anyId,
    v: version,
    wrap: wrapping,
    edits: fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fragment }), { maxLength: 3 }),
  })
  .map(({ id, v, wrap, edits }) =>
    edits.reduce(
      (text, { at, remove, insert }) => {
        const position = at % (text.length + 1);
        return text.slice(0, position) + insert + text.slice(position + remove);
      },
      wrap(v === null ? id : `${id}v${v}`),
    ),
  );

describe("parseArxivInput properties", () => {
  it("every wrapping of a valid id normalises to that id and version", () => {
    fc.assert(
      fc.property(anyId, version, wrapping, space, space, (id, v, wrap, before, after) => {
        const raw = `${before}${wrap(v === null ? id : `${id}v${v}`)}${after}`;
        expect(parseArxivInput(raw)).toEqual({ id, version: v });
      }),
    );
  });

  it("all wrappings of one id agree", () => {
    fc.assert(
      fc.property(anyId, fc.array(wrapping, { minLength: 2, maxLength: 5 }), (id, wraps) => {
        const ids = new Set(wraps.map((wrap) => parseArxivInput(wrap(id))?.id));
        expect([...ids]).toEqual([id]);
      }),
    );
  });

  it("links on any other host are refused", () => {
    fc.assert(
      fc.property(
        anyId,
        fc.domain().filter((host) => !["arxiv.org", "www.arxiv.org", "export.arxiv.org"].includes(host.toLowerCase())),
        (id, host) => {
          expect(parseArxivInput(`https://${host}/abs/${id}`)).toBeNull();
        },
      ),
    );
  });

  it("whatever it accepts is a strict, version-less id that parseArxivId accepts unchanged", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), nearMiss), (raw) => {
        const parsed = parseArxivInput(raw);
        if (parsed === null) return;
        accepted++;
        expect(parsed.id).toMatch(strictId);
        expect(parseArxivId(parsed.id)).toEqual({ id: parsed.id, version: null });
        if (parsed.version !== null) expect(Number.isInteger(parsed.version) && parsed.version >= 1).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    // Otherwise the property would hold vacuously.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe("arxivIdFromSegments", () => {
  it("joins a catch-all route's segments: old-style ids arrive as two", () => {
    expect(arxivIdFromSegments(["2401.00001"])).toBe("2401.00001");
    expect(arxivIdFromSegments(["hep-th", "9901001"])).toBe("hep-th/9901001");
    expect(arxivIdFromSegments(["math.GT", "0309136v2"])).toBe("math.GT/0309136v2");
  });

  it("decodes each segment, so a slash sent as %2F names the same paper", () => {
    expect(arxivIdFromSegments(["hep-th%2F9901001"])).toBe("hep-th/9901001");
    expect(arxivIdFromSegments(["2401.00001%20"])).toBe("2401.00001 ");
  });

  it("gives an id that names no paper for a malformed escape, rather than throwing", () => {
    expect(arxivIdFromSegments(["%E3%80"])).toBe("");
    expect(arxivIdFromSegments(["hep-th", "%"])).toBe("");
    expect(arxivIdFromSegments([])).toBe("");
  });
});
