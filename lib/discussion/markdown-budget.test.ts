import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUDGET_PROBLEMS,
  checkedKatexMarkup,
  MAX_FORMULA_SOURCE,
  MAX_LINES,
  MAX_MARKUP,
  MAX_NESTING,
  MAX_TEX_DEPTH,
  markupShape,
  renderCommentBody,
  texNestingDepth,
} from "./markdown";
import { MAX_COMMENT_LENGTH } from "./comments";

/**
 * The render budget of comments (issue #14): whatever a comment within the length limit
 * holds, rendering it is bounded. Time is measured as this process's CPU time, which a
 * loaded machine inflates far less than wall time, and the slowest inputs are measured
 * again, a few times if need be (`quietestRender`), so that a busy neighbour is not mistaken
 * for a slow algorithm.
 */
const RENDER_BUDGET_MS = 100;

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The fastest of up to `attempts` renders, a short pause apart, stopping once one is within
 * the budget: on a machine shared with builds and browsers, a single slow measurement says
 * more about the neighbours than about the algorithm.
 */
async function quietestRender(body: string, attempts = 10): Promise<number> {
  let best = Infinity;
  for (let attempt = 0; attempt < attempts && best >= RENDER_BUDGET_MS; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    best = Math.min(
      best,
      cpuMs(() => renderCommentBody(body)),
    );
  }
  return best;
}

// The input of the issue: 3.3 KB that took ~20 s and produced ~300 KB before the budgets.
const ISSUE_INPUT = "$" + "\\frac{1}{".repeat(330) + "x" + "}".repeat(330) + "$";

// ---------------------------------------------------------------------------------------------
// Generators of deep and wide TeX and markdown

// Repetition nests, so every piece is cut to a little over the comment limit as it is built.
const cap = (text: string) => (text.length > 12_000 ? text.slice(0, 12_000) : text);

const { tex } = fc.letrec<{ tex: string }>((tie) => ({
  tex: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("x", "1", "\\alpha", "\\infty", "a_i", "b^2", "\\sum_{k=0}^n", "\\int_0^1", "\\cdots", "\\neq"),
    fc.tuple(tie("tex"), tie("tex")).map(([a, b]) => cap(`\\frac{${a}}{${b}}`)),
    tie("tex").map((a) => `\\sqrt{${a}}`),
    fc.tuple(tie("tex"), tie("tex")).map(([a, b]) => cap(`{${a}}^{${b}}`)),
    tie("tex").map((a) => `\\left(${a}\\right)`),
    tie("tex").map((a) => cap(`\\vec{${a}}\\overbrace{${a}}\\widehat{${a}}`)),
    fc
      .array(tie("tex"), { minLength: 1, maxLength: 4 })
      .map((cells) => cap(`\\begin{pmatrix}${cells.join(" & ")}\\\\ ${cells.join(" & ")}\\end{pmatrix}`)),
    fc.tuple(tie("tex"), fc.integer({ min: 2, max: 60 })).map(([a, times]) => cap(a.repeat(times))),
  ),
}));

/** `\frac{1}{` nested n deep, the shape of the issue. */
const nestedFraction = fc
  .integer({ min: 1, max: 400 })
  .map((depth) => "\\frac{1}{".repeat(depth) + "x" + "}".repeat(depth));

const { block } = fc.letrec<{ inline: string; block: string }>((tie) => ({
  inline: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(
      "word",
      "two words",
      "https://example.com/x",
      "www.example.org",
      "a@b.example",
      "<b>",
      "&amp;",
      "\\*",
    ),
    tie("inline").map((a) => `*${a}*`),
    tie("inline").map((a) => `**${a}**`),
    tie("inline").map((a) => `~~${a}~~`),
    tie("inline").map((a) => `[${a}](https://example.com/${a.length})`),
    fc.constantFrom("`code`", "[^1]", "![alt](https://example.com/i.png)"),
    fc.oneof(tex, nestedFraction).map((t) => `$${t}$`),
    fc.tuple(tie("inline"), fc.integer({ min: 2, max: 400 })).map(([a, times]) => cap(`${a} `.repeat(times))),
  ),
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("inline"),
    tie("block").map((b) =>
      cap(
        b
          .split("\n")
          .map((line) => `> ${line}`)
          .join("\n"),
      ),
    ),
    fc
      .array(tie("block"), { minLength: 1, maxLength: 4 })
      .map((items) => cap(items.map((item) => `- ${item.split("\n").join("\n  ")}`).join("\n"))),
    fc
      .array(tie("block"), { minLength: 1, maxLength: 4 })
      .map((items) => cap(items.map((item, index) => `${index + 1}. ${item.split("\n").join("\n   ")}`).join("\n"))),
    fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 200 }), tie("inline"))
      .map(([columns, rows, cell]) => {
        const line = cap(`|${` ${cell.replace(/[|\n]/g, " ")} |`.repeat(columns)}`);
        return cap([line, `|${"-|".repeat(columns)}`, ...Array.from({ length: rows }, () => line)].join("\n"));
      }),
    fc.oneof(tex, nestedFraction).map((t) => `$$\n${t}\n$$`),
    fc.constantFrom("```js\nlet a = 1;\n```", "[^1]: a footnote", "---", "# heading"),
    fc.tuple(tie("block"), fc.integer({ min: 2, max: 300 })).map(([b, times]) => cap(`${b}\n\n`.repeat(times))),
  ),
}));

const comment = fc
  .array(block, { minLength: 1, maxLength: 8 })
  .map((blocks) => blocks.join("\n\n").slice(0, MAX_COMMENT_LENGTH));

// ---------------------------------------------------------------------------------------------

describe("render budget", () => {
  it("renders the issue's 330 nested fractions at once and refuses them as over budget", async () => {
    expect(ISSUE_INPUT.length).toBe(3_303);
    const { html, problem } = renderCommentBody(ISSUE_INPUT);
    expect(problem).toBe(BUDGET_PROBLEMS.formulaSource);
    expect(html.length).toBeLessThan(5_000);
    expect(html).toContain("<code>\\frac{1}{\\frac{1}{");
    expect(await quietestRender(ISSUE_INPUT)).toBeLessThan(RENDER_BUDGET_MS);
  });

  it("refuses TeX nested past the group depth, even in a short formula", () => {
    const deep = "\\frac{1}{".repeat(MAX_TEX_DEPTH + 1) + "x" + "}".repeat(MAX_TEX_DEPTH + 1);
    expect(texNestingDepth(deep)).toBe(MAX_TEX_DEPTH + 1);
    expect(renderCommentBody(`$${deep}$`).problem).toBe(BUDGET_PROBLEMS.texDepth);
    const allowed = "\\sqrt{".repeat(MAX_TEX_DEPTH) + "x" + "}".repeat(MAX_TEX_DEPTH);
    const rendered = renderCommentBody(`$${allowed}$`);
    expect(rendered.problem).toBeNull();
    expect(rendered.html).toContain('class="katex"');
    expect(texNestingDepth("\\left( \\{ \\} \\begin{matrix} {a} \\end{matrix} \\right)")).toBe(3);
  });

  it("refuses macro definitions, the way to make KaTeX expand without bound", () => {
    for (const definition of ["\\def\\a{\\a\\a}\\a", "\\gdef\\b{x}\\b", "\\newcommand{\\c}{y}\\c", "\\let\\d=\\frac"]) {
      const { html, problem } = renderCommentBody(`$${definition}$`);
      expect(problem).toBe(BUDGET_PROBLEMS.macros);
      expect(html).not.toContain("katex");
    }
  });

  it("names each budget a comment is over", () => {
    expect(renderCommentBody(`$${"x".repeat(MAX_FORMULA_SOURCE + 1)}$`).problem).toBe(BUDGET_PROBLEMS.formulaSource);
    expect(renderCommentBody("$x$ ".repeat(65)).problem).toBe(BUDGET_PROBLEMS.mathNodes);
    expect(renderCommentBody(`${"$" + "y".repeat(900) + "$ ".repeat(1)}`.repeat(5)).problem).toBe(
      BUDGET_PROBLEMS.mathSource,
    );
    expect(renderCommentBody(("$" + "\\vec x".repeat(150) + "$\n\n").repeat(4)).problem).toBe(BUDGET_PROBLEMS.mathHtml);
    expect(renderCommentBody(">".repeat(MAX_NESTING + 1) + " deep").problem).toBe(BUDGET_PROBLEMS.nesting);
    expect(renderCommentBody("line\n".repeat(MAX_LINES)).problem).toBe(BUDGET_PROBLEMS.lines);
    expect(renderCommentBody("[a](/b) ".repeat(MAX_MARKUP / 4 + 1)).problem).toBe(BUDGET_PROBLEMS.markup);
    expect(renderCommentBody("www.example.org ".repeat(MAX_MARKUP / 4 + 1)).problem).toBe(BUDGET_PROBLEMS.markup);
    expect(renderCommentBody("[^1] ".repeat(480) + "\n\n[^1]: x").problem).toBe(BUDGET_PROBLEMS.html);
    const wideTable = `|${"a|".repeat(40)}\n|${"-|".repeat(40)}\n${"|x\n".repeat(40)}`;
    expect(markupShape(wideTable).markup).toBeGreaterThan(40 * 40);
    expect(renderCommentBody(wideTable).problem).toBe(BUDGET_PROBLEMS.markup);
    const ordinary = "Some **bold** and $E = mc^2$, a [link](https://example.com).\n\n- one\n- two\n\n> quoted";
    expect(renderCommentBody(ordinary).problem).toBeNull();
    expect(markupShape("a\nb\nc [d]").lines).toBe(3);
  });

  it("renders every generated comment within the size limit in under 100 ms", { timeout: 120_000 }, async () => {
    const timings: { body: string; ms: number }[] = [];
    fc.assert(
      fc.property(comment, (body) => {
        timings.push({ body, ms: cpuMs(() => renderCommentBody(body)) });
      }),
      { numRuns: 150, seed: 14 },
    );
    // Re-measure the slowest: a first call may have paid for a garbage collection left by another.
    timings.sort((a, b) => b.ms - a.ms);
    for (const { body } of timings.slice(0, 5)) {
      expect(await quietestRender(body), body.slice(0, 200)).toBeLessThan(RENDER_BUDGET_MS);
    }
    // The generator reaches the budgets it is meant to test.
    const problems = new Set(timings.map(({ body }) => renderCommentBody(body).problem));
    expect(problems.has(null)).toBe(true);
    expect(problems.size).toBeGreaterThanOrEqual(3);
  });
});

describe("checkedKatexMarkup", () => {
  it("passes KaTeX's own markup through", () => {
    const markup =
      '<span class="katex"><span class="katex-html" aria-hidden="true"><span class="mord">x</span></span></span>';
    expect(checkedKatexMarkup(markup)).toBe(markup);
  });

  it("refuses anything KaTeX would not write", () => {
    for (const markup of [
      '<span class="other">x</span>',
      '<span class="katex"><img src="x"></span>',
      '<span class="katex"><span>x</span>',
      '<span class="katex">x</span><span class="katex">y</span>',
      '<span class="katex"><span onclick=alert(1)>x</span></span>',
      '<span class="katex"><a href="javascript:alert(1)">x</a></span>',
      '<span class="katex"><!-- x --></span>',
    ]) {
      expect(checkedKatexMarkup(markup), markup).toBeUndefined();
    }
  });

  it("drops foreign attributes and unsafe styles, and clamps lengths", () => {
    expect(
      checkedKatexMarkup('<span class="katex" onclick="alert(1)" style="background:url(x)" data-x="1">x</span>'),
    ).toBe('<span class="katex">x</span>');
    expect(checkedKatexMarkup('<span class="katex" style="margin-right:-900em;height:3em">x</span>')).toBe(
      '<span class="katex" style="margin-right:-50em;height:3em">x</span>',
    );
  });
});
