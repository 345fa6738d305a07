import type { Element, ElementContent, Root as HastRoot, RootContent as HastRootContent } from "hast";
import type { Nodes as MdNode, Parent as MdParent, Root as MdRoot, RootContent as MdRootContent } from "mdast";
import katex from "katex";
import rehypeSanitize, { type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { type Processor, unified } from "unified";
import { VFile } from "vfile";
import { escapeHtml } from "../html-escape";
import { profileHref } from "../http/urls";

/**
 * Comments are untrusted markdown shown to every reader of a thread, so the renderer is
 * built so that nothing a user writes can become script, a live URL scheme other than
 * http(s)/mailto, or markup that imitates the page around it:
 *
 *   parse (GFM + math) → reshape the markdown tree (headings, images, raw HTML, nesting,
 *   math budgets) → hast without raw HTML → sanitize (narrow allow-list) → final pass
 *   (links, ids) → @mentions of existing logins as links → KaTeX (trust off) as checked
 *   markup → HTML string.
 *
 * KaTeX runs after the sanitizer on purpose: its output needs `style` and `svg`, which the
 * sanitizer would strip. Its markup is not parsed back into a tree (parse5 and
 * hast-util-to-html cost grows much faster than the markup: 330 nested \frac took ~20 s);
 * instead one linear scan checks it against its own allow-list (`checkedKatexMarkup`) and
 * it is inserted as it is. Every cost is bounded by a named budget below; a comment over one
 * is refused when written (`renderCommentBody` reports why) and degraded, never slow, when
 * rendered from an older row.
 */

// Comments are limited to 10,000 characters elsewhere; anything far beyond that is not a
// comment we produced, and is shown as plain text so its cost stays linear.
const MAX_RENDERED_LENGTH = 20_000;
// Deeper nesting adds nothing a reader can follow, and every level costs stack in the
// recursive tree utilities downstream.
export const MAX_NESTING = 12;
// KaTeX costs time in proportion to the markup it produces, up to ~200 characters of markup
// per character of TeX (\vec x, \sqrt x). These budgets keep one comment's KaTeX work to a
// few hundred kilobytes of markup at worst; past them formulas are shown as TeX source.
export const MAX_MATH_NODES = 64;
export const MAX_MATH_SOURCE = 4_000;
export const MAX_FORMULA_SOURCE = 1_000;
/** Braces, \left…\right and \begin…\end open groups; nothing readable nests deeper. */
export const MAX_TEX_DEPTH = 20;
/** KaTeX markup of all the comment's formulas together. */
export const MAX_MATH_HTML = 100_000;
/** The whole comment's HTML; footnotes and autolinks can multiply the text ~40 times. */
export const MAX_COMMENT_HTML = 160_000;
// The markdown parser (micromark, then mdast and hast) costs up to ~0.3 ms per construct it
// builds: 3,333 one-word paragraphs or 2,400 table rows, 10,000 characters either way, took
// 0.5 s. Constructs start at line breaks and at a few characters, so both are counted before
// parsing, in one pass; past either budget the comment is shown as plain text.
export const MAX_LINES = 200;
export const MAX_MARKUP = 1_500;
// Autolinks start at "www.", "://" and "@" with no markup character at all; each counts as
// this many markup characters.
const AUTOLINK_WEIGHT = 4;

// Macro definitions are the one way a short formula makes KaTeX do unbounded work (a macro
// whose body calls itself twice doubles per level, up to maxExpand levels), so they are
// refused outright; KaTeX's built-in macros still count against maxExpand.
const MACRO_DEFINITION =
  /\\(?:[gex]?def|let|futurelet|global|long|(?:re|provide)?newcommand|(?:re)?newenvironment|DeclareMathOperator)(?![a-zA-Z])/;

const KATEX_OPTIONS = {
  // Keeps \href, \url, \includegraphics and \html* from producing links, images or attributes.
  trust: false,
  strict: "ignore",
  throwOnError: false,
  // Largest user-specified size, in em (\rule, \kern, \rule{…}{…}).
  maxSize: 20,
  // Macro expansions per formula (built-in ones count: \iff is four).
  maxExpand: 500,
  output: "htmlAndMathml",
  // No `macros` object on purpose: KaTeX then makes a fresh one per formula, so nothing in
  // one formula can redefine commands in the next.
} as const;

const USER_CONTENT = "user-content-";
const FOOTNOTE_LABEL_ID = "footnote-label";

// Exactly what remark-rehype emits for the markdown we accept; headings and images were
// already rewritten, raw HTML never reaches this point.
export const MARKDOWN_TAGS: readonly string[] = [
  "a",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "hr",
  "input",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "strong",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];

const SCHEMA: SanitizeSchema = {
  tagNames: [...MARKDOWN_TAGS],
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

// Everything KaTeX 0.16 emits with trust off; a formula whose markup holds anything else is
// shown as its TeX source instead.
export const KATEX_TAGS: ReadonlySet<string> = new Set([
  "span",
  "svg",
  "path",
  "line",
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "msqrt",
  "mroot",
  "mover",
  "munder",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mlabeledtr",
  "mstyle",
  "mpadded",
  "mphantom",
  "menclose",
  "merror",
]);
// Attribute names as KaTeX writes them, lower-cased; any other attribute is dropped.
const KATEX_ATTRIBUTES = new Set([
  "class",
  "style",
  "aria-hidden",
  "title",
  "xmlns",
  "width",
  "height",
  "viewbox",
  "preserveaspectratio",
  "d",
  "x1",
  "x2",
  "y1",
  "y2",
  "stroke-width",
  "accent",
  "accentunder",
  "columnalign",
  "columnlines",
  "columnspacing",
  "depth",
  "display",
  "displaystyle",
  "encoding",
  "fence",
  "largeop",
  "linebreak",
  "linethickness",
  "lspace",
  "mathbackground",
  "mathcolor",
  "mathsize",
  "mathvariant",
  "maxsize",
  "minsize",
  "notation",
  "rowalign",
  "rowlines",
  "rowspacing",
  "rspace",
  "scriptlevel",
  "separator",
  "stretchy",
  "valign",
  "voffset",
]);
const KATEX_ROOT_CLASS = /^(?:katex|katex-display|katex-error)$/;
// KaTeX styles are lengths and colours; anything that could fetch, run or escape CSS is refused.
const UNSAFE_STYLE =
  /[\\@<>"'`]|url\s*\(|expression|javascript|script|behavior|binding|image|import|var\s*\(|attr\s*\(/i;
// User-specified sizes are capped by KaTeX's maxSize, but only upwards: a negative \kern or
// \raisebox could drag a formula over the rest of the page.
// The clamp is generous so tall matrices still lay out; the comment container must still clip.
const EM_LENGTH = /(-?)(\d+(?:\.\d+)?|\.\d+)em/g;
const MAX_STYLE_EM = 50;
const KATEX_LENGTH_ATTRIBUTES = new Set([
  "width",
  "height",
  "depth",
  "voffset",
  "lspace",
  "rspace",
  "minsize",
  "maxsize",
]);

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
/** Why a comment is over a render budget: the text of a 400, after "body: ". */
export const BUDGET_PROBLEMS = {
  nesting: `lists, quotes and emphasis may nest at most ${MAX_NESTING} levels deep`,
  mathNodes: `a comment may hold at most ${MAX_MATH_NODES} formulas`,
  mathSource: `a comment may hold at most ${MAX_MATH_SOURCE.toLocaleString("en")} characters of math`,
  formulaSource: `a formula may be at most ${MAX_FORMULA_SOURCE.toLocaleString("en")} characters long`,
  texDepth: `a formula may nest braces, \\left…\\right and environments at most ${MAX_TEX_DEPTH} levels deep`,
  macros: "formulas cannot define macros (\\def, \\newcommand and the like)",
  lines: `a comment may have at most ${MAX_LINES} lines`,
  markup: `a comment may hold at most ${MAX_MARKUP.toLocaleString("en")} markup characters ([ ] ( ) | \` < > $ \\ * _ ~ ^ !; a link counts ${AUTOLINK_WEIGHT}, a table cell 1)`,
  mathHtml: "the formulas are too large once rendered: simplify or split them",
  html: "the comment is too large once rendered: shorten it",
} as const;
export type BudgetProblem = keyof typeof BUDGET_PROBLEMS;

/**
 * The deepest nesting of groups in a TeX source: braces, \left…\right and
 * \begin…\end. Linear; escaped braces (\{) do not count.
 */
export function texNestingDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const character = tex[index];
    if (character === "\\") {
      let end = index + 1;
      while (end < tex.length && /[a-zA-Z]/.test(tex[end]!)) end += 1;
      const command = tex.slice(index + 1, end);
      if (command === "left" || command === "begin") depth += 1;
      else if (command === "right" || command === "end") depth = Math.max(0, depth - 1);
      // A control symbol (\{, \\) is one character after the backslash.
      index = command.length > 0 ? end - 1 : index + 1;
    } else if (character === "{") {
      depth += 1;
    } else if (character === "}") {
      depth = Math.max(0, depth - 1);
    }
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

const MARKUP_CHARACTER = /[[\]()|`<>$\\*_~^!]/g;
const AUTOLINK_START = /www\.|:\/\/|@/g;

// A GFM table's delimiter row (`|---|:-:|`), after any quote or list prefix: it fixes the
// column count, and every later row of the table is padded to it, so a 40-column header over
// 200 one-cell rows builds 8,000 cells from a few hundred characters.
const LINE_PREFIX = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/;
const DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * Lines and markup of a body, which bound what parsing it costs: markup characters, links
 * (weighted) and table cells (each counts as one markup character).
 */
export function markupShape(text: string): { lines: number; markup: number } {
  const lines = text.split("\n");
  let markup =
    (text.match(MARKUP_CHARACTER)?.length ?? 0) + (text.match(AUTOLINK_START)?.length ?? 0) * AUTOLINK_WEIGHT;
  let columns = 0;
  for (const line of lines) {
    const content = line.replace(LINE_PREFIX, "");
    if (content.trim() === "") columns = 0;
    else if (content.includes("-") && DELIMITER_ROW.test(content))
      columns = content
        .replace(/^\|/, "")
        .replace(/\|[ \t]*$/, "")
        .split("|").length;
    else markup += columns;
  }
  return { lines: lines.length, markup };
}

/** What keeps a single formula from being rendered, if anything. */
function formulaProblem(tex: string): BudgetProblem | undefined {
  if (tex.length > MAX_FORMULA_SOURCE) return "formulaSource";
  if (MACRO_DEFINITION.test(tex)) return "macros";
  if (texNestingDepth(tex) > MAX_TEX_DEPTH) return "texDepth";
  return undefined;
}

function reshapeMarkdown(tree: MdRoot, problems: Set<BudgetProblem> = new Set()): void {
  const stack: MdFrame[] = [{ node: tree, depth: 0, inLink: false }];
  let mathNodes = 0;
  let mathSource = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const children: MdRootContent[] = frame.node.children;
    const next: MdFrame[] = [];
    for (let index = 0; index < children.length;) {
      const child = children[index]!;
      const replacement = reshapeNode(child, frame);
      if (replacement) {
        if (replacement.revisit) problems.add("nesting");
        children.splice(index, 1, ...replacement.nodes);
        // Hoisted content is looked at again at the same depth, so nested excess is removed too.
        if (replacement.revisit) continue;
      }
      const current = children[index];
      if (current === undefined) continue;
      if (current.type === "math" || current.type === "inlineMath") {
        mathNodes += 1;
        mathSource += current.value.length;
        const problem: BudgetProblem | undefined =
          mathNodes > MAX_MATH_NODES
            ? "mathNodes"
            : mathSource > MAX_MATH_SOURCE
              ? "mathSource"
              : formulaProblem(current.value);
        if (problem) {
          problems.add(problem);
          children[index] =
            current.type === "math"
              ? { type: "code", value: current.value }
              : { type: "inlineCode", value: current.value };
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
      return {
        nodes: [{ type: "paragraph", children: [{ type: "strong", children: node.children }] }],
        revisit: false,
      };
    case "html":
      return FLOW_PARENTS.has(frame.node.type)
        ? { nodes: [{ type: "paragraph", children: [{ type: "text", value: node.value }] }], revisit: false }
        : { nodes: [{ type: "text", value: node.value }], revisit: false };
    case "image":
      // A link inside a link is not valid HTML, so an image inside one keeps only its text.
      if (frame.inLink || !node.url) return { nodes: [{ type: "text", value: node.alt ?? "" }], revisit: false };
      return {
        nodes: [
          { type: "link", url: node.url, title: node.title, children: [{ type: "text", value: node.alt || node.url }] },
        ],
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

/** The budget problems met while rendering, carried on the VFile from plugin to plugin. */
function problemsOf(file: VFile): Set<BudgetProblem> {
  const data = file.data as { budgetProblems?: Set<BudgetProblem> };
  return (data.budgetProblems ??= new Set());
}

function remarkCommentShape() {
  return (tree: MdRoot, file: VFile) => {
    markOneLineDisplayMath(tree, String(file.value));
    reshapeMarkdown(tree, problemsOf(file));
  };
}

/**
 * `$$…$$` written on one line is display math, as in TeX; remark-math reads it as inline
 * math (only `$$` on lines of their own opens a math block). Such a formula keeps its place
 * in the paragraph and is rendered in display style (rehypeCommentMath reads the class).
 */
function markOneLineDisplayMath(tree: MdRoot, source: string): void {
  const stack: { children?: MdRootContent[] }[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) {
      if (child.type === "inlineMath") {
        const start = child.position?.start.offset;
        if (start !== undefined && source.startsWith("$$", start)) {
          child.data = { ...child.data, hProperties: { className: ["language-math", "math-display"] } };
        }
      } else if ("children" in child) {
        stack.push(child as { children?: MdRootContent[] });
      }
    }
  }
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

interface HastFrame {
  children: HastRootContent[];
  inLink: boolean;
}

/** Returns the nodes to put in place of `element`, or undefined to keep it (it was edited in place). */
function finishElement(element: Element, frame: HastFrame, prefix: string): ElementContent[] | undefined {
  const { properties } = element;
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
  const stack: HastFrame[] = [{ children: tree.children, inLink: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { children } = frame;
    for (let index = 0; index < children.length;) {
      const child = children[index]!;
      // Nothing the user wrote may arrive as raw markup; KaTeX's is added after this pass.
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
      stack.push({ children: child.children, inLink: frame.inLink || child.tagName === "a" });
      index += 1;
    }
  }
}

function rehypeCommentFinish() {
  return (tree: HastRoot, file: VFile) => finishTree(tree, file);
}

// ---------------------------------------------------------------------------------------------
// @mentions

/**
 * "@login" as GitHub spells logins (letters, digits, single hyphens, at most 39), not preceded
 * by anything that makes it part of a word, an address or a path ("bob@host", "/@x").
 */
const MENTION = /(?<![\w@/.+-])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w-])/g;
/** At most this many distinct logins are looked up per comment; later ones stay plain text. */
export const MAX_MENTIONS = 20;

/** The lower-cased logins a body may mention, for one lookup of which exist (lib/discussion/comment-html.ts). */
export function mentionCandidates(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    found.add(match[1]!.toLowerCase());
    if (found.size >= MAX_MENTIONS) break;
  }
  return [...found];
}

interface MentionData {
  /** Lower-cased login → the login as stored, for logins that exist. */
  mentionLogins?: ReadonlyMap<string, string>;
  mentioned?: Set<string>;
}

/** Text outside links and code becomes a link to /u/{login} for each existing login mentioned. */
function linkMentions(tree: HastRoot, file: VFile): void {
  const data = file.data as MentionData;
  const logins = data.mentionLogins;
  if (!logins || logins.size === 0) return;
  const mentioned = (data.mentioned ??= new Set());
  const stack: HastRootContent[][] = [tree.children];
  while (stack.length > 0) {
    const children = stack.pop()!;
    for (let index = 0; index < children.length; index += 1) {
      const child = children[index]!;
      if (child.type === "element") {
        if (child.tagName !== "a" && child.tagName !== "code" && child.tagName !== "pre") stack.push(child.children);
        continue;
      }
      if (child.type !== "text") continue;
      const parts: ElementContent[] = [];
      let last = 0;
      for (const match of child.value.matchAll(MENTION)) {
        const login = logins.get(match[1]!.toLowerCase());
        if (!login) continue;
        if (match.index > last) parts.push({ type: "text", value: child.value.slice(last, match.index) });
        parts.push({
          type: "element",
          tagName: "a",
          properties: { href: profileHref(login), className: ["mention"] },
          children: [{ type: "text", value: `@${login}` }],
        });
        mentioned.add(login);
        last = match.index + match[0].length;
      }
      if (parts.length === 0) continue;
      if (last < child.value.length) parts.push({ type: "text", value: child.value.slice(last) });
      children.splice(index, 1, ...parts);
      index += parts.length - 1;
    }
  }
}

function rehypeCommentMentions() {
  return (tree: HastRoot, file: VFile) => linkMentions(tree, file);
}

// ---------------------------------------------------------------------------------------------
// KaTeX, as checked markup

const ESCAPED = /&(?:amp|lt|gt|quot|#x27|#39);/g;
const UNESCAPE: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#39;": "'",
};

function clampLengths(value: string): string {
  return value.replace(EM_LENGTH, (whole, sign: string, amount: string) =>
    Number(amount) > MAX_STYLE_EM ? `${sign}${MAX_STYLE_EM}em` : whole,
  );
}

// KaTeX's toMarkup writes exactly these shapes: `<tag name="value" …>` (MathML nodes put a space
// before `=` of class), `</tag>`, `<tag …/>` and text in which & < > " ' are escaped.
const MARKUP_TOKEN = /<\/([a-z]+)>|<([a-z]+)((?:\s+[a-zA-Z][\w:-]*\s*=\s*"[^"<>]*")*)\s*(\/?)>|[^<>]+/y;
const ATTRIBUTE = /([a-zA-Z][\w:-]*)\s*=\s*"([^"<>]*)"/g;

/**
 * KaTeX's markup, checked in one linear pass against what KaTeX emits with trust off: known
 * elements only, properly nested, under one span of class katex, katex-display or
 * katex-error; attributes from an allow-list; styles that can only be lengths and colours,
 * lengths clamped. Returns the markup to insert, or undefined when anything is unexpected
 * (the formula is then shown as source).
 */
export function checkedKatexMarkup(markup: string): string | undefined {
  let result = "";
  const open: string[] = [];
  MARKUP_TOKEN.lastIndex = 0;
  let first = true;
  while (MARKUP_TOKEN.lastIndex < markup.length) {
    const match = MARKUP_TOKEN.exec(markup);
    if (!match) return undefined;
    const [token, closing, opening, attributes, selfClosing] = match;
    if (closing !== undefined) {
      if (open.pop() !== closing) return undefined;
      result += token;
      if (open.length === 0 && MARKUP_TOKEN.lastIndex < markup.length) return undefined;
      continue;
    }
    if (opening === undefined) {
      if (open.length === 0) return undefined;
      result += token;
      continue;
    }
    if (!KATEX_TAGS.has(opening)) return undefined;
    let kept = "";
    let rootClass = false;
    for (const [, rawName, rawValue] of (attributes ?? "").matchAll(ATTRIBUTE)) {
      const name = rawName!.toLowerCase();
      if (!KATEX_ATTRIBUTES.has(name)) continue;
      let value = rawValue!.replace(ESCAPED, (entity) => UNESCAPE[entity]!);
      if (name === "style") {
        if (UNSAFE_STYLE.test(value)) continue;
        value = clampLengths(value);
      } else if (KATEX_LENGTH_ATTRIBUTES.has(name)) {
        value = clampLengths(value);
      }
      if (name === "class" && value.split(/\s+/).some((part) => KATEX_ROOT_CLASS.test(part))) rootClass = true;
      kept += ` ${rawName}="${escapeHtml(value)}"`;
    }
    if (first && !(opening === "span" && rootClass)) return undefined;
    first = false;
    if (open.length === 0 && result.length > 0) return undefined;
    result += `<${opening}${kept}${selfClosing ? "/" : ""}>`;
    if (!selfClosing) open.push(opening);
  }
  return open.length === 0 && result.length > 0 ? result : undefined;
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

function sourceAsCode(tex: string, display: boolean): Element {
  const code: Element = { type: "element", tagName: "code", properties: {}, children: [{ type: "text", value: tex }] };
  return display ? { type: "element", tagName: "pre", properties: {}, children: [code] } : code;
}

/**
 * Replaces each math element left by remark-math (`code.math-inline`, `code.math-display`,
 * and ```math blocks as `pre > code.language-math`) with KaTeX's checked markup, as a raw
 * node, within MAX_MATH_HTML for the whole comment.
 */
function renderMathInTree(tree: HastRoot, problems: Set<BudgetProblem>): void {
  let mathHtml = 0;
  const stack: HastRootContent[][] = [tree.children];
  while (stack.length > 0) {
    const children = stack.pop()!;
    for (let index = 0; index < children.length; index += 1) {
      const child = children[index]!;
      if (child.type !== "element") continue;
      const mathCode =
        child.tagName === "pre" && child.children.length === 1 && child.children[0]!.type === "element"
          ? child.children[0]!
          : child;
      const classes =
        mathCode.type === "element" && Array.isArray(mathCode.properties.className)
          ? mathCode.properties.className
          : [];
      const isMath =
        mathCode.type === "element" &&
        mathCode.tagName === "code" &&
        (classes.includes("math-inline") || classes.includes("math-display") || classes.includes("language-math"));
      if (!isMath) {
        stack.push(child.children);
        continue;
      }
      // ```math inside <pre> and $$…$$ are display formulas.
      const display = child.tagName === "pre" || classes.includes("math-display");
      const tex = textOf(mathCode);
      let markup: string | undefined;
      if (mathHtml <= MAX_MATH_HTML) {
        try {
          markup = checkedKatexMarkup(katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display }));
        } catch {
          markup = undefined;
        }
        mathHtml += markup?.length ?? 0;
        if (mathHtml > MAX_MATH_HTML) markup = undefined;
      }
      if (markup === undefined && mathHtml > MAX_MATH_HTML) problems.add("mathHtml");
      // remark-math puts display math in <pre><code class="math-display">; the replacement takes the <pre>'s place.
      children[index] = markup === undefined ? sourceAsCode(tex, display) : { type: "raw", value: markup };
    }
  }
}

function rehypeCommentMath() {
  return (tree: HastRoot, file: VFile) => renderMathInTree(tree, problemsOf(file));
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
  return (
    markdownParserFor(emphasis)
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
      .use(rehypeCommentFinish)
      .use(rehypeCommentMentions)
      .use(rehypeCommentMath)
      // Raw nodes come only from rehypeCommentMath: the final pass removed every other one.
      .use(rehypeStringify, { allowDangerousHtml: true })
      .freeze()
  );
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

/** Last resort when the pipeline fails: the comment as escaped text, line breaks kept. */
function plainHtml(body: string): string {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>\n")}</p>`).join("\n");
}

export interface RenderedComment {
  /** Sanitized HTML, safe to insert as it is (see renderCommentBody). */
  html: string;
  /**
   * The first render budget the body is over, as a message for a 400 on `body`; null when
   * within every budget. The html is usable either way: over budget, the excess is shown
   * as source or the whole comment as plain text.
   */
  problem: string | null;
  /** The logins linked as @mentions (as stored), for their notifications. */
  mentions: string[];
}

/**
 * Sanitized HTML for a comment body, and whether it fits the render budgets. Never throws;
 * the html is safe to insert (dangerouslySetInnerHTML) and is what lib/discussion/comments.ts stores
 * with each comment when it is written. The element it goes into should load KaTeX's CSS
 * and clip its overflow: KaTeX lays formulas out with inline offsets, and a \kern or
 * \raisebox can still move a formula up to ~50em away from where it sits.
 */
export function renderCommentBody(body: string, mentionLogins?: ReadonlyMap<string, string>): RenderedComment {
  const text = typeof body === "string" ? body : "";
  if (text.length > MAX_RENDERED_LENGTH) return { html: plainHtml(text), problem: BUDGET_PROBLEMS.html, mentions: [] };
  const shape = markupShape(text);
  if (shape.lines > MAX_LINES) return { html: plainHtml(text), problem: BUDGET_PROBLEMS.lines, mentions: [] };
  if (shape.markup > MAX_MARKUP) return { html: plainHtml(text), problem: BUDGET_PROBLEMS.markup, mentions: [] };
  try {
    const guarded = guardInput(text);
    const file = new VFile(guarded);
    (file.data as MentionData).mentionLogins = mentionLogins;
    const html = encodeAngleBracketsInAttributes(String(markdownToHtml[emphasisMode(guarded)].processSync(file)));
    if (html.length > MAX_COMMENT_HTML) return { html: plainHtml(text), problem: BUDGET_PROBLEMS.html, mentions: [] };
    const [first] = problemsOf(file);
    const mentions = [...((file.data as MentionData).mentioned ?? [])];
    return { html, problem: first === undefined ? null : BUDGET_PROBLEMS[first], mentions };
  } catch {
    return { html: plainHtml(text), problem: null, mentions: [] };
  }
}

/** The HTML of renderCommentBody alone. */
export function renderCommentMarkdown(body: string): string {
  return renderCommentBody(body).html;
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
      return node.children
        .map((row) => row.children.map((cell) => plainInline(cell.children).trim()).join(" | "))
        .join("\n");
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
  const shape = markupShape(text);
  if (text.length > MAX_RENDERED_LENGTH || shape.lines > MAX_LINES || shape.markup > MAX_MARKUP) return tidyPlain(text);
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
