import type { Element, ElementContent, Root as HastRoot, RootContent as HastRootContent } from "hast";
import type { Nodes as MdNode, Parent as MdParent, Root as MdRoot, RootContent as MdRootContent } from "mdast";
import rehypeKatex from "rehype-katex";
import rehypeSanitize, { type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { type Processor, unified } from "unified";
import type { VFile } from "vfile";

/**
 * Comments are untrusted markdown shown to every reader of a thread, so the renderer is
 * built so that nothing a user writes can become script, a live URL scheme other than
 * http(s)/mailto, or markup that imitates the page around it:
 *
 *   parse (GFM + math) → reshape the markdown tree (headings, images, raw HTML, nesting)
 *   → hast without raw HTML → sanitize (narrow allow-list) → KaTeX (trust off)
 *   → final pass (links, ids, KaTeX output re-checked) → HTML string.
 *
 * KaTeX runs after the sanitizer on purpose: its output needs `style` and `svg`, which the
 * sanitizer would strip. That output is therefore re-checked by the final pass with its own
 * allow-list rather than trusted blindly.
 */

// Comments are limited to 10,000 characters elsewhere; anything far beyond that is not a
// comment we produced, and is shown as plain text so its cost stays linear.
const MAX_RENDERED_LENGTH = 20_000;
// Deeper nesting adds nothing a reader can follow, and every level costs stack in the
// recursive tree utilities downstream.
const MAX_NESTING = 12;
// KaTeX (and re-parsing its output into a tree) costs about 0.7 ms per formula; past this
// many the rest are shown as TeX source so a math-heavy comment stays cheap to render.
const MAX_MATH_NODES = 64;
const MAX_MATH_SOURCE = 4_000;

const KATEX_OPTIONS = {
  // Keeps \href, \url, \includegraphics and \html* from producing links, images or attributes.
  trust: false,
  strict: "ignore",
  maxSize: 20,
  maxExpand: 500,
  output: "htmlAndMathml",
  // No `macros` object on purpose: KaTeX then makes a fresh one per formula, so a \gdef in
  // one comment cannot redefine commands in the next. `throwOnError` is not ours to set:
  // rehype-katex renders with it on, and on failure retries with it off or shows an error span.
} as const;

const USER_CONTENT = "user-content-";
const FOOTNOTE_LABEL_ID = "footnote-label";

const SCHEMA: SanitizeSchema = {
  // Exactly what remark-rehype emits for the markdown we accept; headings and images were
  // already rewritten, raw HTML never reaches this point.
  tagNames: [
    "a", "blockquote", "br", "code", "del", "em", "hr", "input", "li", "ol", "p", "pre", "section",
    "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
  ],
  attributes: {
    a: [
      "href",
      "title",
      "id",
      "dataFootnoteRef",
      "dataFootnoteBackref",
      "ariaDescribedBy",
      "ariaLabel",
      ["className", "data-footnote-backref"],
    ],
    code: [["className", "language-math", "math-inline", "math-display", /^language-[\w+#.-]{1,40}$/]],
    input: [["type", "checkbox"], ["disabled", true], "checked"],
    li: ["id", ["className", "task-list-item"]],
    ol: ["start", ["className", "contains-task-list"]],
    ul: [["className", "contains-task-list"]],
    p: ["id"],
    section: ["dataFootnotes", ["className", "footnotes"]],
    td: [["align", "left", "center", "right"]],
    th: [["align", "left", "center", "right"]],
  },
  required: { input: { type: "checkbox", disabled: true } },
  protocols: { href: ["http", "https", "mailto"] },
  // Ids are namespaced per comment by the final pass instead (see `finishTree`), which also
  // keeps footnote links pointing at their targets.
  clobber: [],
  clobberPrefix: "",
  ancestors: {
    tbody: ["table"],
    td: ["table"],
    th: ["table"],
    thead: ["table"],
    tr: ["table"],
  },
  strip: ["script", "style"],
};

const KATEX_ROOT_CLASSES = new Set(["katex", "katex-display", "katex-error"]);
// Everything KaTeX 0.16 emits with trust off; anything else inside its output is dropped.
const KATEX_TAGS = new Set([
  "span", "svg", "path", "line", "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext",
  "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable",
  "mtr", "mtd", "mlabeledtr", "mstyle", "mpadded", "mphantom", "menclose", "merror",
]);
// Elements whose text is never meant to be read; dropped with their content, not unwrapped.
const DROP_WITH_CONTENT = new Set(["script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "title", "xmp"]);
const KATEX_PROPERTIES = new Set(
  [
    "className", "style", "ariaHidden", "title", "xmlns", "width", "height", "viewBox", "preserveAspectRatio",
    "d", "x1", "x2", "y1", "y2", "strokeWidth", "accent", "accentunder", "columnalign", "columnlines",
    "columnspacing", "depth", "display", "displaystyle", "encoding", "fence", "largeop", "linebreak",
    "linethickness", "lspace", "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize", "minsize",
    "notation", "rowlines", "rowspacing", "rspace", "scriptlevel", "separator", "stretchy", "valign", "voffset",
  ].map((name) => name.toLowerCase()),
);
// KaTeX styles are lengths and colours; anything that could fetch, run or escape CSS is refused.
const UNSAFE_STYLE = /[\\@<>"'`]|url\s*\(|expression|javascript|script|behavior|binding|image|import|var\s*\(|attr\s*\(/i;
// User-specified sizes are capped by KaTeX's maxSize, but only upwards: a negative \kern or
// \raisebox could drag a formula over the rest of the page.
// The clamp is generous so tall matrices still lay out; the comment container must still clip.
const EM_LENGTH = /(-?)(\d+(?:\.\d+)?|\.\d+)em/g;
const MAX_STYLE_EM = 50;
const KATEX_LENGTH_PROPERTIES = new Set(["width", "height", "depth", "voffset", "lspace", "rspace", "minsize", "maxsize"]);

const LINK_REL = ["nofollow", "ugc", "noopener"];

// ---------------------------------------------------------------------------------------------
// Input guards

// micromark is quadratic on a few shapes: one line opening thousands of nested containers
// ("> > > …", "1. 1. 1. …") and very long runs of emphasis delimiters. Nothing legitimate
// needs either, so past a bound the markers are escaped: they stay visible, as literal text.
// (Such a run inside a code block gains backslashes too; a 200-star banner is a fair price.)
const MAX_LINE_CONTAINERS = 32;
const CONTAINER_MARKER = /[ \t]*(>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/y;
const LONG_DELIMITER_RUN = /([*_~])\1{199,}/g;

function escapeContainerRuns(line: string): string {
  let count = 0;
  CONTAINER_MARKER.lastIndex = 0;
  for (let match = CONTAINER_MARKER.exec(line); match; match = CONTAINER_MARKER.exec(line)) {
    count += 1;
    if (count > MAX_LINE_CONTAINERS) {
      const marker = match[1]!;
      const at = match.index + match[0].length - marker.length;
      // Escaping the marker's punctuation (the "." of "1.") turns it, and all after it, into text.
      const punctuation = at + marker.length - 1;
      return `${line.slice(0, punctuation)}\\${line.slice(punctuation)}`;
    }
  }
  return line;
}

function guardInput(text: string): string {
  return text
    .split("\n")
    .map(escapeContainerRuns)
    .join("\n")
    .replace(LONG_DELIMITER_RUN, (run) => run.replace(/./g, "\\$&"));
}

// ---------------------------------------------------------------------------------------------
// Markdown-tree reshaping

interface MdFrame {
  node: MdParent;
  depth: number;
  inLink: boolean;
}

const NESTABLE = new Set(["blockquote", "list", "emphasis", "strong", "delete"]);
const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

function hoistedContent(node: MdNode): MdRootContent[] {
  if (node.type === "list") return node.children.flatMap((item) => item.children);
  return "children" in node ? [...node.children] : [];
}

/**
 * One iterative walk (so pathological depth cannot overflow the stack) that makes the tree
 * safe to hand to remark-rehype: headings lose their page-structure role, images become
 * links (we never load third-party images for readers), raw HTML becomes visible text,
 * runaway nesting is flattened and math beyond a budget stays TeX source.
 */
function reshapeMarkdown(tree: MdRoot): void {
  const stack: MdFrame[] = [{ node: tree, depth: 0, inLink: false }];
  let mathNodes = 0;
  let mathSource = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const children: MdRootContent[] = frame.node.children;
    const next: MdFrame[] = [];
    for (let index = 0; index < children.length; ) {
      const child = children[index]!;
      const replacement = reshapeNode(child, frame);
      if (replacement) {
        children.splice(index, 1, ...replacement.nodes);
        // Hoisted content is looked at again at the same depth, so nested excess is removed too.
        if (replacement.revisit) continue;
      }
      const current = children[index];
      if (current === undefined) continue;
      if (current.type === "math" || current.type === "inlineMath") {
        mathNodes += 1;
        mathSource += current.value.length;
        if (mathNodes > MAX_MATH_NODES || mathSource > MAX_MATH_SOURCE) {
          children[index] =
            current.type === "math" ? { type: "code", value: current.value } : { type: "inlineCode", value: current.value };
        }
      }
      if ("children" in current) {
        next.push({
          node: current,
          depth: frame.depth + (NESTABLE.has(current.type) ? 1 : 0),
          inLink: frame.inLink || current.type === "link" || current.type === "linkReference",
        });
      }
      index += 1;
    }
    // Reverse so frames pop in document order, which decides which formulas get the KaTeX budget.
    for (let index = next.length - 1; index >= 0; index -= 1) stack.push(next[index]!);
  }
}

function reshapeNode(node: MdRootContent, frame: MdFrame): { nodes: MdRootContent[]; revisit: boolean } | undefined {
  if (NESTABLE.has(node.type) && frame.depth + 1 > MAX_NESTING) {
    return { nodes: hoistedContent(node), revisit: true };
  }
  switch (node.type) {
    case "heading":
      return { nodes: [{ type: "paragraph", children: [{ type: "strong", children: node.children }] }], revisit: false };
    case "html":
      return FLOW_PARENTS.has(frame.node.type)
        ? { nodes: [{ type: "paragraph", children: [{ type: "text", value: node.value }] }], revisit: false }
        : { nodes: [{ type: "text", value: node.value }], revisit: false };
    case "image":
      // A link inside a link is not valid HTML, so an image inside one keeps only its text.
      if (frame.inLink || !node.url) return { nodes: [{ type: "text", value: node.alt ?? "" }], revisit: false };
      return {
        nodes: [{ type: "link", url: node.url, title: node.title, children: [{ type: "text", value: node.alt || node.url }] }],
        revisit: false,
      };
    case "imageReference":
      if (frame.inLink) return { nodes: [{ type: "text", value: node.alt ?? "" }], revisit: false };
      return {
        nodes: [
          {
            type: "linkReference",
            identifier: node.identifier,
            label: node.label,
            referenceType: node.referenceType,
            children: [{ type: "text", value: node.alt ?? "" }],
          },
        ],
        revisit: false,
      };
    default:
      return undefined;
  }
}

function remarkCommentShape() {
  return (tree: MdRoot) => reshapeMarkdown(tree);
}

// ---------------------------------------------------------------------------------------------
// Final HTML-tree pass

/** Stable per body, so ids do not collide between comments on the same page. */
function idPrefix(body: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < body.length; index += 1) {
    hash ^= body.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${USER_CONTENT}${(hash >>> 0).toString(36)}-`;
}

function namespacedId(value: unknown, prefix: string): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value.startsWith(USER_CONTENT)) return prefix + value.slice(USER_CONTENT.length);
  // mdast-util-to-hast gives the footnote label this fixed, unprefixed id.
  if (value === FOOTNOTE_LABEL_ID) return prefix + value;
  return undefined;
}

/** What a browser would navigate to, or undefined when the link should become plain text. */
function safeHref(value: unknown, prefix: string): string | undefined {
  if (typeof value !== "string") return undefined;
  // Browsers drop tabs and newlines anywhere in a URL and trim C0 controls and spaces at both
  // ends, so the check has to look at the same string the browser will.
  const url = value.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (/^(?:https?|mailto):/i.test(url)) return url;
  if (url.startsWith("#")) {
    const target = namespacedId(url.slice(1), prefix);
    return target === undefined ? undefined : `#${target}`;
  }
  // Site-relative paths are same-origin navigation; `//host` and `/\host` leave the site.
  if (/^\/(?![/\\])/.test(url)) return url;
  return undefined;
}

function clampLengths(style: string): string {
  return style.replace(EM_LENGTH, (whole, sign: string, amount: string) =>
    Number(amount) > MAX_STYLE_EM ? `${sign}${MAX_STYLE_EM}em` : whole,
  );
}

function classesOf(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

interface HastFrame {
  children: HastRootContent[];
  inKatex: boolean;
  inLink: boolean;
}

/** Returns the nodes to put in place of `element`, or undefined to keep it (it was edited in place). */
function finishElement(element: Element, frame: HastFrame, prefix: string): ElementContent[] | undefined {
  const { properties } = element;
  if (frame.inKatex) {
    if (DROP_WITH_CONTENT.has(element.tagName)) return [];
    if (!KATEX_TAGS.has(element.tagName)) return element.children;
    for (const key of Object.keys(properties)) {
      if (!KATEX_PROPERTIES.has(key.toLowerCase())) delete properties[key];
    }
    if (typeof properties.style === "string") {
      if (UNSAFE_STYLE.test(properties.style)) delete properties.style;
      else properties.style = clampLengths(properties.style);
    }
    for (const key of KATEX_LENGTH_PROPERTIES) {
      const value = properties[key];
      if (typeof value === "string") properties[key] = clampLengths(value);
    }
    return undefined;
  }

  // The sanitizer leaves an empty list when it refuses every class (e.g. an odd code language).
  if (Array.isArray(properties.className) && properties.className.length === 0) delete properties.className;
  if ("id" in properties) {
    const id = namespacedId(properties.id, prefix);
    if (id === undefined) delete properties.id;
    else properties.id = id;
  }
  if ("ariaDescribedBy" in properties) {
    const ids = (properties.ariaDescribedBy ?? []).flatMap((value) => namespacedId(String(value), prefix) ?? []);
    if (ids.length === 0) delete properties.ariaDescribedBy;
    else properties.ariaDescribedBy = ids;
  }
  if (element.tagName === "a") {
    const href = frame.inLink ? undefined : safeHref(properties.href, prefix);
    if (href === undefined) return element.children;
    properties.href = href;
    properties.rel = [...LINK_REL];
    delete properties.target;
  }
  return undefined;
}

function finishTree(tree: HastRoot, file: VFile): void {
  const prefix = idPrefix(String(file.value));
  const stack: HastFrame[] = [{ children: tree.children, inKatex: false, inLink: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { children } = frame;
    for (let index = 0; index < children.length; ) {
      const child = children[index]!;
      if (child.type === "comment" || child.type === "doctype" || child.type === "raw") {
        children.splice(index, 1);
        continue;
      }
      if (child.type !== "element") {
        index += 1;
        continue;
      }
      const replacement = finishElement(child, frame, prefix);
      if (replacement) {
        children.splice(index, 1, ...replacement);
        continue;
      }
      const katexRoot =
        !frame.inKatex && child.tagName === "span" && classesOf(child).some((name) => KATEX_ROOT_CLASSES.has(name));
      stack.push({
        children: child.children,
        inKatex: frame.inKatex || katexRoot,
        inLink: frame.inLink || child.tagName === "a",
      });
      index += 1;
    }
  }
}

function rehypeCommentFinish() {
  return (tree: HastRoot, file: VFile) => finishTree(tree, file);
}

// ---------------------------------------------------------------------------------------------

/**
 * micromark resolves emphasis and strikethrough by pairing every closing delimiter with the
 * openers before it, which is quadratic in their number: 3,000 stray `*` cost most of a
 * second. Past this many delimiter characters a comment is parsed without those two
 * constructs (the characters show as typed), keeping the worst case in tens of milliseconds.
 */
const MAX_EMPHASIS_DELIMITERS = 1_000;
const EMPHASIS_DELIMITER = /[*_~]/g;

function remarkWithoutEmphasis(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ disable: { null: ["attention", "strikethrough"] } });
}

function markdownParserFor(emphasis: boolean) {
  const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath);
  return emphasis ? parser : parser.use(remarkWithoutEmphasis);
}

function markdownToHtmlFor(emphasis: boolean) {
  return markdownParserFor(emphasis)
    .use(remarkCommentShape)
    .use(remarkRehype, {
      // Raw HTML was already turned into text by remarkCommentShape; this keeps it that way.
      allowDangerousHtml: false,
      clobberPrefix: USER_CONTENT,
      // The default is an <h2>, which is exactly the page structure a comment must not add.
      footnoteLabelTagName: "p",
      footnoteLabelProperties: {},
    })
    .use(rehypeSanitize, SCHEMA)
    .use(rehypeKatex, KATEX_OPTIONS)
    .use(rehypeCommentFinish)
    .use(rehypeStringify)
    .freeze();
}

const markdownToHtml = { emphasis: markdownToHtmlFor(true), plain: markdownToHtmlFor(false) };
const markdownParser = { emphasis: markdownParserFor(true).freeze(), plain: markdownParserFor(false).freeze() };

function emphasisMode(text: string): "emphasis" | "plain" {
  let count = 0;
  EMPHASIS_DELIMITER.lastIndex = 0;
  while (EMPHASIS_DELIMITER.exec(text)) {
    count += 1;
    if (count > MAX_EMPHASIS_DELIMITERS) return "plain";
  }
  return "emphasis";
}

/**
 * The serializer may leave "<" and ">" raw inside quoted attribute values (a link title, a
 * KaTeX error message), which is valid HTML. They are encoded anyway, so the output has no
 * "<" outside tags and nothing that re-embeds or scans it (a <noscript>, a regex filter, an
 * e-mail template) can be tricked into seeing a tag there. Text is already fully escaped and
 * values are always double-quoted, so three states are enough.
 */
function encodeAngleBracketsInAttributes(html: string): string {
  let result = "";
  let state: "text" | "tag" | "value" = "text";
  let start = 0;
  for (let index = 0; index < html.length; index += 1) {
    const character = html[index];
    if (state === "text") {
      if (character === "<") state = "tag";
    } else if (state === "tag") {
      if (character === '"') state = "value";
      else if (character === ">") state = "text";
    } else if (character === '"') {
      state = "tag";
    } else if (character === "<" || character === ">") {
      result += html.slice(start, index) + (character === "<" ? "&#x3C;" : "&#x3E;");
      start = index + 1;
    }
  }
  return result + html.slice(start);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Last resort when the pipeline fails: the comment as escaped text, line breaks kept. */
function plainHtml(body: string): string {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>\n")}</p>`).join("\n");
}

/**
 * Sanitized HTML for a comment body. Never throws; the result is safe to insert as HTML
 * (dangerouslySetInnerHTML). The element it goes into should load KaTeX's CSS and clip its
 * overflow: KaTeX lays formulas out with inline offsets, and a \kern or \raisebox can still
 * move a formula up to ~50em away from where it sits.
 */
export function renderCommentMarkdown(body: string): string {
  const text = typeof body === "string" ? body : "";
  if (text.length > MAX_RENDERED_LENGTH) return plainHtml(text);
  try {
    const guarded = guardInput(text);
    return encodeAngleBracketsInAttributes(String(markdownToHtml[emphasisMode(guarded)].processSync(guarded)));
  } catch {
    return plainHtml(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Plain text

function plainInline(nodes: readonly MdRootContent[]): string {
  return nodes.map(plainNode).join("");
}

function plainBlocks(nodes: readonly MdRootContent[]): string {
  return nodes
    .map(plainNode)
    .filter((text) => text.trim().length > 0)
    .join("\n\n");
}

function plainNode(node: MdRootContent): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "inlineMath":
    case "html":
      return node.value;
    case "code":
    case "math":
      return node.value;
    case "break":
      return "\n";
    case "image":
    case "imageReference":
      return node.alt ?? "";
    case "footnoteReference":
      return `[${node.label ?? node.identifier}]`;
    case "definition":
    case "thematicBreak":
    case "yaml":
      return "";
    case "footnoteDefinition":
      return `[${node.label ?? node.identifier}] ${plainBlocks(node.children)}`;
    case "blockquote":
      return plainBlocks(node.children)
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "list":
      return node.children
        .map((item, index) => {
          const marker = node.ordered ? `${(node.start ?? 1) + index}.` : "-";
          const check = item.checked === true ? "[x] " : item.checked === false ? "[ ] " : "";
          return `${marker} ${check}${plainBlocks(item.children).replace(/\n/g, "\n  ")}`;
        })
        .join("\n");
    case "listItem":
      return plainBlocks(node.children);
    case "table":
      return node.children.map((row) => row.children.map((cell) => plainInline(cell.children).trim()).join(" | ")).join("\n");
    case "tableRow":
      return node.children.map((cell) => plainInline(cell.children).trim()).join(" | ");
    case "tableCell":
    case "paragraph":
    case "heading":
    case "emphasis":
    case "strong":
    case "delete":
    case "link":
    case "linkReference":
      return plainInline(node.children);
    default:
      return "";
  }
}

// Bidi overrides and isolates can reorder the rest of a subject line or feed title they are
// pasted into; other controls have no business in readable text.
const UNREADABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function tidyPlain(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(UNREADABLE, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The comment as readable text without markdown syntax: for feeds and e-mail previews. */
export function commentPlainText(body: string): string {
  const text = typeof body === "string" ? body : "";
  if (text.length > MAX_RENDERED_LENGTH) return tidyPlain(text);
  try {
    const guarded = guardInput(text);
    const tree = markdownParser[emphasisMode(guarded)].parse(guarded);
    // Same flattening as for HTML, so deep nesting cannot exhaust the stack in plainNode.
    reshapeMarkdown(tree);
    return tidyPlain(plainBlocks(tree.children));
  } catch {
    return tidyPlain(text);
  }
}
