import fc from "fast-check";
import type { Element, Root, RootContent } from "hast";
// A dependency of rehype-katex, so always installed with it: a real HTML parser (parse5) to
// audit the output the way a browser would read it, instead of pattern-matching strings.
import { fromHtml } from "hast-util-from-html";
import { describe, expect, it } from "vitest";
import {
  KATEX_TAGS,
  MARKDOWN_TAGS,
  commentPlainText,
  mentionCandidates,
  renderCommentBody,
  renderCommentMarkdown,
} from "./markdown";
import { XSS_CORPUS, XSS_SENTINEL, type XssCategory } from "@/testing/xss-corpus";

// ---------------------------------------------------------------------------------------------
// Output audit

const RAW_FORBIDDEN_TAG = /<\s*(script|iframe|object|embed|form|style|meta|base|link|img|frame|template|textarea)\b/i;
const OUTSIDE_KATEX_TAGS = new Set(MARKDOWN_TAGS);
// Which elements may stand where are the renderer's own lists (MARKDOWN_TAGS, and KATEX_TAGS
// inside KaTeX's markup): the audit holds both to elements that neither run script nor load or
// embed anything; links and the task-list checkbox, checked one by one below, only outside KaTeX.
const ACTIVE_ELEMENTS = [
  "animate",
  "animatemotion",
  "animatetransform",
  "base",
  "embed",
  "foreignobject",
  "form",
  "iframe",
  "image",
  "img",
  "link",
  "meta",
  "object",
  "script",
  "set",
  "style",
  "template",
  "textarea",
  "use",
];
const KATEX_ROOTS = ["katex", "katex-display", "katex-error"];
const OUTSIDE_KATEX_CLASSES = new Set(["task-list-item", "contains-task-list", "footnotes", "data-footnote-backref"]);
// hast property names of every attribute a browser would treat as a URL to load or follow.
const URL_PROPERTIES = new Set(
  [
    "href",
    "src",
    "srcSet",
    "action",
    "formAction",
    "xLinkHref",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "codeBase",
    "manifest",
    "lowsrc",
    "dynsrc",
  ].map((name) => name.toLowerCase()),
);
// Browsers ignore these around and inside a scheme, so an audit has to as well.
const URL_NOISE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g;
const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data):/;
const UNSAFE_STYLE = /url\s*\(|expression|javascript|behavior|binding|@import|\\/i;

interface Audit {
  problems: string[];
  text: string;
}

function classesOf(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function auditHtml(html: string): Audit {
  const problems: string[] = [];
  const forbidden = RAW_FORBIDDEN_TAG.exec(html);
  if (forbidden) problems.push(`raw markup ${forbidden[0]}`);

  const tree: Root = fromHtml(html, { fragment: true });
  const texts: string[] = [];
  const stack: { node: RootContent; inKatex: boolean }[] = tree.children.map((node) => ({ node, inKatex: false }));
  stack.reverse();
  while (stack.length > 0) {
    const { node, inKatex: parentInKatex } = stack.pop()!;
    if (node.type === "text") {
      texts.push(node.value);
      continue;
    }
    if (node.type === "comment" || node.type === "doctype") {
      problems.push(`${node.type} node`);
      continue;
    }
    if (node.type !== "element") continue;

    const { tagName, properties } = node;
    const classes = classesOf(node);
    const katexRoot = !parentInKatex && tagName === "span" && classes.some((name) => KATEX_ROOTS.includes(name));
    const inKatex = parentInKatex || katexRoot;
    const where = `<${tagName}${inKatex ? " in KaTeX" : ""}>`;

    if (inKatex ? !KATEX_TAGS.has(tagName) : !OUTSIDE_KATEX_TAGS.has(tagName) && !katexRoot) {
      problems.push(`element ${where}`);
    }
    for (const [key, value] of Object.entries(properties)) {
      const name = key.toLowerCase();
      if (name.startsWith("on")) problems.push(`event handler ${key} on ${where}`);
      if (URL_PROPERTIES.has(name)) {
        const url = String(Array.isArray(value) ? value.join(" ") : value)
          .replace(URL_NOISE, "")
          .toLowerCase();
        if (DANGEROUS_SCHEME.test(url)) problems.push(`${key}=${String(value)} on ${where}`);
        if (inKatex) problems.push(`URL attribute ${key} inside KaTeX`);
      }
      if (name === "style" && (!inKatex || UNSAFE_STYLE.test(String(value))))
        problems.push(`style="${String(value)}" on ${where}`);
      if (name.startsWith("data") && inKatex) problems.push(`${key} inside KaTeX`);
    }
    if (properties.id === XSS_SENTINEL || properties.name === XSS_SENTINEL || classes.includes(XSS_SENTINEL)) {
      problems.push(`sentinel attribute on ${where}`);
    }
    if (inKatex && properties.id !== undefined) problems.push(`id inside KaTeX`);

    if (!inKatex) {
      const unexpectedClass = classes.find(
        (name) =>
          !OUTSIDE_KATEX_CLASSES.has(name) && !(tagName === "code" && /^language-[\w+#.-]+$/.test(name)) && !katexRoot,
      );
      if (unexpectedClass !== undefined) problems.push(`class ${unexpectedClass} on ${where}`);
      if (properties.id !== undefined && !String(properties.id).startsWith("user-content-")) {
        problems.push(`id ${String(properties.id)} not namespaced`);
      }
      if (tagName === "input" && !(properties.type === "checkbox" && properties.disabled === true)) {
        problems.push("input that is not a disabled checkbox");
      }
      if (tagName === "a") {
        const href = String(properties.href ?? "");
        if (!/^(?:https?:|mailto:|#user-content-|\/(?![/\\]))/.test(href)) problems.push(`link href ${href}`);
        if ((properties.rel as string[] | undefined)?.join(" ") !== "nofollow ugc noopener")
          problems.push(`link rel ${String(properties.rel)}`);
        if (properties.target !== undefined) problems.push("link target");
      }
    }
    for (let index = node.children.length - 1; index >= 0; index -= 1) {
      stack.push({ node: node.children[index]!, inKatex });
    }
  }
  return { problems, text: texts.join("") };
}

function render(body: string): Audit & { html: string } {
  const html = renderCommentMarkdown(body);
  return { html, ...auditHtml(html) };
}

// ---------------------------------------------------------------------------------------------

describe("the output audit", () => {
  it("allows no element that runs script or loads or embeds anything, and no link or input in KaTeX", () => {
    for (const tag of ACTIVE_ELEMENTS) {
      expect(OUTSIDE_KATEX_TAGS.has(tag), tag).toBe(false);
      expect(KATEX_TAGS.has(tag), tag).toBe(false);
    }
    expect(KATEX_TAGS.has("a")).toBe(false);
    expect(KATEX_TAGS.has("input")).toBe(false);
    for (const tag of [...OUTSIDE_KATEX_TAGS, ...KATEX_TAGS])
      expect(tag, "a lower-case tag name, as the audit's parser gives").toBe(tag.toLowerCase());
  });
});

describe("renderCommentMarkdown: markdown features", () => {
  it("renders GitHub-flavoured markdown", () => {
    const { html, problems } = render(
      [
        "Some **bold**, _italic_ and ~~struck~~ text, and a bare https://example.com/a link.",
        "",
        "| left | right |",
        "|:-----|------:|",
        "| 1    | 2     |",
        "",
        "- [x] done",
        "- [ ] open",
        "",
        "1. first",
        "2. second",
        "",
        "> quoted",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>italic</em>");
    expect(html).toContain("<del>struck</del>");
    expect(html).toContain('<a href="https://example.com/a" rel="nofollow ugc noopener">https://example.com/a</a>');
    expect(html).toMatch(/<table>[\s\S]*<th align="left">left<\/th>[\s\S]*<td align="right">2<\/td>/);
    expect(html).toContain('<input type="checkbox" checked disabled> done');
    expect(html).toContain('<input type="checkbox" disabled> open');
    expect(html).toMatch(/<ol>\s*<li>first<\/li>/);
    expect(html).toMatch(/<blockquote>\s*<p>quoted<\/p>/);
  });

  it("renders inline and display math with KaTeX", () => {
    const { html, problems } = render("Energy $E=mc^2$ here.\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n```math\na^2+b^2=c^2\n```");
    expect(problems).toEqual([]);
    expect(html).toContain('<span class="katex">');
    expect(html.match(/class="katex-display"/g)).toHaveLength(2);
    expect(html).toContain('<annotation encoding="application/x-tex">E=mc^2</annotation>');
    expect(html).not.toContain("math-inline");
  });

  it("renders $$…$$ on one line as display math, in its paragraph", () => {
    const { html, problems } = render("The identity $$e^{i\\pi} + 1 = 0$$ holds, and $x$ too.");
    expect(problems).toEqual([]);
    expect(html.match(/class="katex-display"/g)).toHaveLength(1);
    expect(html).toMatch(/^<p>The identity <span class="katex-display">/);
    expect(html.match(/<span class="katex">/g)).toHaveLength(2);
  });

  it("shows malformed math as a KaTeX error, not as an exception", () => {
    const { html, problems } = render("broken $\\frac{1}{$ and $\\notacommand$");
    expect(problems).toEqual([]);
    expect(html).toContain("katex-error");
  });

  it("does not let a \\gdef in one comment leak into the next", () => {
    renderCommentMarkdown("$\\gdef\\leaky{bar}\\leaky$");
    const { html } = render("$\\leaky$");
    expect(html).not.toContain("<mi>b</mi>");
  });

  it("keeps the language class on fenced code and nothing else", () => {
    const { html, problems } = render(
      "```python\nprint('<b>hi</b>')\n```\n\n```js onclick=alert(1)\nx\n```\n\n```\"><b\nplain\n```",
    );
    expect(problems).toEqual([]);
    expect(html).toContain("<pre><code class=\"language-python\">print('&#x3C;b>hi&#x3C;/b>')\n</code></pre>");
    expect(html).toContain('<pre><code class="language-js">x\n</code></pre>');
    expect(html).toContain("<pre><code>plain\n</code></pre>");
  });

  it("marks every link nofollow ugc noopener and never opens a new context", () => {
    const { html, problems } = render(
      "[a](https://a.example) <https://b.example> www.c.example [d](mailto:d@example.com) [e](/papers/1)",
    );
    expect(problems).toEqual([]);
    const anchors = html.match(/<a [^>]*>/g) ?? [];
    expect(anchors).toHaveLength(5);
    for (const anchor of anchors) {
      expect(anchor).toContain('rel="nofollow ugc noopener"');
      expect(anchor).not.toContain("target");
    }
  });

  it("turns links it will not follow into their text", () => {
    const { html, text } = render(
      "[a](javascript:alert(1)) [b](//evil.example) [c](#somewhere) [d](ftp://x.example) [e](relative/path)",
    );
    expect(html).not.toContain("<a");
    expect(text).toBe("a b c d e");
  });

  it("escapes raw HTML so it reads as text", () => {
    const { html, text, problems } = render(
      'Hello <b onclick="x()">bold</b>\n\n<div>\n<script>alert(1)</script>\n</div>',
    );
    expect(problems).toEqual([]);
    expect(html).toContain('&#x3C;b onclick="x()">bold&#x3C;/b>');
    expect(text).toContain('<b onclick="x()">bold</b>');
    expect(text).toContain("<script>alert(1)</script>");
  });

  it("leaves no raw angle bracket outside tags, even in attribute values", () => {
    const { html, problems } = render('[t](https://example.com "</noscript><b>") and $\\frac<script>$');
    expect(problems).toEqual([]);
    expect(html).toContain('title="&#x3C;/noscript&#x3E;&#x3C;b&#x3E;"');
    const outsideTags = html.replace(/<\/?[a-z][^<>"]*(?:"[^"]*"[^<>"]*)*>/g, "");
    expect(outsideTags).not.toContain("<");
  });

  it("demotes headings so a comment cannot add page structure", () => {
    const { html } = render("# One\n\n## Two\n\nSetext\n======");
    expect(html).not.toMatch(/<h[1-6]/);
    expect(html).toContain("<p><strong>One</strong></p>");
    expect(html).toContain("<p><strong>Setext</strong></p>");
  });

  it("renders image syntax as a link and never loads an image", () => {
    const { html, problems } = render("![a chart](https://example.com/c.png) and ![](https://example.com/d.png)");
    expect(problems).toEqual([]);
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://example.com/c.png" rel="nofollow ugc noopener">a chart</a>');
    expect(html).toContain(
      '<a href="https://example.com/d.png" rel="nofollow ugc noopener">https://example.com/d.png</a>',
    );
  });

  it("namespaces footnote ids per comment and keeps them linked", () => {
    const first = render("A claim[^1].\n\n[^1]: The source.");
    const second = render("Another claim[^1].\n\n[^1]: Another source.");
    expect(first.problems).toEqual([]);
    const ids = (html: string) => [...html.matchAll(/id="([^"]+)"/g)].map((match) => match[1]);
    const hrefs = (html: string) => [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs(first.html).every((href) => ids(first.html).includes(href))).toBe(true);
    expect(ids(first.html).filter((id) => ids(second.html).includes(id))).toEqual([]);
    expect(first.html).not.toMatch(/<h2/);
  });

  it("flattens absurd nesting instead of failing", () => {
    for (const body of [
      ">".repeat(10_000),
      "- ".repeat(5_000) + "x",
      "1. ".repeat(3_300),
      "*_".repeat(2_500) + "a" + "_*".repeat(2_500),
    ]) {
      const { html, problems } = render(body);
      expect(problems).toEqual([]);
      expect((html.match(/<blockquote>/g) ?? []).length).toBeLessThanOrEqual(12);
      expect((html.match(/<ul>|<ol>/g) ?? []).length).toBeLessThanOrEqual(12);
    }
  });
});

describe("renderCommentMarkdown: robustness", () => {
  it("never throws, whatever the input", () => {
    const awkward = [
      "",
      " ",
      "\u0000",
      "\uD800",
      "$",
      "$$",
      "$$$",
      "$".repeat(10_000),
      "`".repeat(10_000),
      "[".repeat(10_000),
      "[^".repeat(3_000),
      "|".repeat(10_000),
      "<".repeat(10_000),
      "\\".repeat(10_000),
      "a".repeat(200_000),
      "**a** ".repeat(20_000),
      "$\\def\\a{\\a\\a}\\a$",
      "$" + "{".repeat(4_000) + "$",
      "$$" + "\\sqrt{".repeat(1_000) + "x" + "}".repeat(1_000) + "$$",
      "$x$ ".repeat(2_500),
      "|a|\n|-|\n" + "|x|\n".repeat(2_400),
    ];
    for (const body of awkward) expect(() => auditHtml(renderCommentMarkdown(body))).not.toThrow();
    expect(renderCommentMarkdown(undefined as unknown as string)).toBe("");
  });

  it("keeps random hostile mixtures safe and visible", () => {
    const fragments = [
      "<script>",
      "</script>",
      "<img src=x onerror=alert(1)>",
      "javascript:alert(1)",
      "[",
      "](",
      ")",
      "![",
      "$",
      "$$",
      "\\href{javascript:alert(1)}{x}",
      "\\htmlData{onerror=alert(1)}{x}",
      "`",
      "```",
      "\n",
      "\n\n",
      "> ",
      "- ",
      "1. ",
      "*",
      "_",
      "~~",
      "|",
      "|-|",
      "<",
      ">",
      '"',
      "'",
      "&#106;",
      "&#x09;",
      "<!--",
      "-->",
      "[^1]",
      "[^1]: ",
      "www.x.example",
      "<svg onload=alert(1)>",
      "\u202E",
      "\u200B",
      "&",
      "word",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (parts, noise) => {
          // Leading, as its own paragraph: anything after it (an open fence, say) may rightly eat text.
          const body = "markerword\n\n" + parts.join("") + noise;
          const { problems, text } = render(body);
          expect(problems).toEqual([]);
          expect(text).toContain("markerword");
        },
      ),
      { numRuns: 150 },
    );
  });

  // Their speed is measured by `npm run bench`; here, only that they render to something sane.
  it("renders shapes that are slow in the markdown parser to escaped, bounded output", () => {
    const shapes = [
      ">".repeat(10_000),
      "1. ".repeat(3_300),
      "*".repeat(5_000) + "a" + "*".repeat(5_000),
      "*a ".repeat(1_650) + "a* ".repeat(1_650),
      "~a ".repeat(1_650) + "a~ ".repeat(1_650),
    ];
    for (const body of shapes) {
      const html = renderCommentMarkdown(body);
      expect(html.length).toBeGreaterThan(0);
      expect(html).not.toMatch(/<script/i);
      expect(commentPlainText(body).length).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("XSS corpus", () => {
  it("is large and well formed", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(XSS_CORPUS.map((entry) => entry.id)).size).toBe(XSS_CORPUS.length);
    expect(new Set(XSS_CORPUS.map((entry) => entry.visibleText)).size).toBe(XSS_CORPUS.length);
    for (const entry of XSS_CORPUS) {
      expect(entry.input).toContain(entry.visibleText);
      expect(entry.input.length).toBeLessThanOrEqual(10_000);
    }
  });

  it("covers every kind of payload the renderer must survive", () => {
    const inputs = XSS_CORPUS.map((entry) => entry.input);
    const has = (needle: string | RegExp) =>
      inputs.some((input) => (typeof needle === "string" ? input.includes(needle) : needle.test(input)));
    const needles: (string | RegExp)[] = [
      "<script>",
      "<SCRIPT>",
      "onerror=",
      "onload=",
      "onmouseover",
      "autofocus onfocus",
      "<svg onload",
      "<svg/onload",
      "javascript:",
      "vbscript:",
      "data:text/html",
      "jav&#x09;ascript:",
      "JaVaScRiPt:",
      "&#106;avascript",
      "<javascript:alert(1)>",
      /\]\[ref\]/,
      "java\nscript:",
      "<math>",
      "<iframe",
      "<object",
      "<embed",
      "<form",
      'http-equiv="refresh"',
      "<base ",
      "<link ",
      "<style>",
      "expression(",
      "url(javascript:",
      "<!--",
      "CDATA",
      "{{constructor.constructor('alert(1)')()}}",
      "${alert(1)}",
      "\u202E",
      "\u200B",
      '"onmouseover=alert(1)"',
      "![",
    ];
    for (const needle of needles) expect(has(needle), String(needle)).toBe(true);
    for (const command of ["href", "url", "htmlData", "htmlClass", "htmlId", "htmlStyle", "includegraphics"]) {
      expect(has(new RegExp(String.raw`(^|[^$])\$\\${command}\b`)), `$\\${command}`).toBe(true);
      expect(has(new RegExp(String.raw`\$\$\\${command}\b`)), `$$\\${command}`).toBe(true);
    }
    const categories = new Set<XssCategory>(XSS_CORPUS.map((entry) => entry.category));
    expect(categories.size).toBeGreaterThanOrEqual(14);
  });

  it.each(XSS_CORPUS)("$category / $id: renders inert and keeps its text", ({ input, visibleText }) => {
    const { problems, text } = render(input);
    expect(problems).toEqual([]);
    expect(text).toContain(visibleText);
    expect(commentPlainText(input)).toContain(visibleText);
  });
});

describe("commentPlainText", () => {
  it("strips markdown to readable text", () => {
    const body = [
      "# Title",
      "",
      "Some **bold** and _italic_ with a [link](https://example.com), `code` and $x^2$.",
      "",
      "- one",
      "- [x] two",
      "",
      "> quoted",
      "",
      "```js",
      "let a = 1;",
      "```",
      "",
      "![a chart](https://example.com/c.png)",
    ].join("\n");
    expect(commentPlainText(body)).toBe(
      "Title\n\nSome bold and italic with a link, code and x^2.\n\n- one\n- [x] two\n\n> quoted\n\nlet a = 1;\n\na chart",
    );
  });

  it("keeps raw HTML as literal text and drops direction overrides", () => {
    expect(commentPlainText("a <b>b</b> \u202Ec\u2066d")).toBe("a <b>b</b> cd");
  });

  it("never throws", () => {
    for (const body of ["", "\u0000\uD800", ">".repeat(10_000), "- ".repeat(5_000), "a".repeat(200_000)]) {
      expect(() => commentPlainText(body)).not.toThrow();
    }
  });
});

describe("@mentions", () => {
  const known = new Map([
    ["carol", "carol"],
    ["mixed-case", "Mixed-Case"],
  ]);

  it("links existing logins, as stored, outside code and links; says which it linked", () => {
    const { html, mentions } = renderCommentBody(
      "Hi @carol and @MIXED-case. Not @ghost, `@carol`, mail@carol, [@carol](https://example.org), /@carol.\n\n```\n@carol\n```",
      known,
    );
    expect(html).toContain(
      'Hi <a href="/u/carol" class="mention">@carol</a> and <a href="/u/Mixed-Case" class="mention">@Mixed-Case</a>.',
    );
    expect(html.match(/class="mention"/g)).toHaveLength(2);
    expect(html).not.toContain("/u/ghost");
    expect(mentions.sort()).toEqual(["Mixed-Case", "carol"]);
  });

  it("links nothing without the lookup, and never lets markup through", () => {
    expect(renderCommentBody("@carol").html).toBe("<p>@carol</p>");
    const { html } = renderCommentBody('<a href="javascript:alert(1)">@carol</a> @carol"><script>', known);
    expect(html).not.toMatch(/<script|<a href="javascript/);
    expect(html.match(/class="mention"/g)).toHaveLength(2);
  });

  it("finds candidates by GitHub's login grammar, at most 20", () => {
    expect(mentionCandidates("@a-b @-x @x- @Abc a@b (@c) @d_e")).toEqual(["a-b", "abc", "c"]);
    expect(mentionCandidates(Array.from({ length: 30 }, (_, i) => `@user${i}`).join(" "))).toHaveLength(20);
  });
});
