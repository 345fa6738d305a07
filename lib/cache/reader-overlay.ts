import { z } from "zod";

/**
 * The reader overlay: a signed-in reader's feed page made from one shared copy (the page
 * cache, lib/cache/shared-pages.ts) instead of a render of their own (docs/ARCHITECTURE.md,
 * "Caching and per-user state"). Pure: no I/O, tested on its own and against real renders.
 *
 * The shared copy is rendered for a *template reader*: a signed-in reader with no votes, no
 * saved papers, and made-up words (sentinels) where the header shows a reader's login, name,
 * avatar and e-mail address. What differs between readers on a feed page is then small and
 * known: those strings, the unread count, and which listed papers they upvoted or saved.
 * `applyReaderOverlay` writes them into both halves of the copy — the HTML a reader without
 * JavaScript sees, and React's payload (Flight), from which the browser hydrates the same
 * markup — so the result is the page Next would have rendered for that reader.
 *
 * Anything the overlay does not know how to write (a moderator's menu, the hide-seen filter
 * on, a followed category's button, a name that would need more than a replacement) is not
 * answered from a copy: `templateFor` or `applyReaderOverlay` says null, and Next renders.
 * Each replacement must match exactly as often as expected, so a change to a component that
 * this file does not follow makes the overlay give way to Next rather than show a wrong page.
 */

/** The request header of a fill rendered for a template reader (only honoured with the fill's secret). */
export const READER_TEMPLATE_HEADER = "x-paperboard-reader-template";

/** What the template reader is: the header's strings as sentinels, and an unread count of the same kind as the reader's. */
export const readerTemplateSchema = z.strictObject({
  id: z.string().max(100),
  login: z.string().max(100).nullable(),
  name: z.string().max(100).nullable(),
  image: z.string().max(100).nullable(),
  email: z.string().max(100).nullable(),
  unread: z.number().int().min(0).max(100),
});
export type ReaderTemplate = z.infer<typeof readerTemplateSchema>;

/** What the overlay writes for one reader. */
export interface OverlayReader {
  id: string;
  login: string | null;
  name: string | null;
  image: string | null;
  /** The address the subscribe box offers ("to …"), or null for the anonymous form. */
  email: string | null;
  unread: number;
  /** arXiv ids among the page's papers this reader upvoted, and saved. */
  upvoted: ReadonlySet<string>;
  saved: ReadonlySet<string>;
}

/** What every sentinel contains, found with one scan of the page. */
const SENTINEL_MARK = "btpl";
const SENTINEL_ID = "pbtpl-reader-id";
const SENTINEL_IMAGE = "https://pbtpl.invalid/avatar.png";
const SENTINEL_EMAIL = "pbtpl-reader@pbtpl.invalid";
/** One through 99 unread show as the number; the template shows this one. */
const SENTINEL_UNREAD = 42;
/** Values longer than this are not written in (React's payload moves long strings out of line). */
const MAX_VALUE_LENGTH = 300;
const GITHUB_LOGIN = /^[A-Za-z0-9-]+$/;
/** A letter or digit of the Basic Multilingual Plane: the avatar's initial, kept in the sentinel as is. */
const PLAIN_INITIAL = /^[\p{L}\p{N}]$/u;

/**
 * The template for this reader, and the key its copy is filed under, or null when the
 * overlay cannot make their page. The template shares the reader's *shape*: which strings
 * are present, the avatar's initial when there is no image (the avatar shows the label's
 * first letter then), and whether the unread count is 0, a number, or "99+". GitHub gives
 * every account an avatar, so its readers come in at most twelve shapes per page.
 */
export function templateFor(reader: OverlayReader): { key: string; template: ReaderTemplate } | null {
  const values = [reader.login, reader.name, reader.image, reader.email].filter((value) => value !== null);
  if (values.some((value) => value.length > MAX_VALUE_LENGTH || value.length === 0)) return null;
  if (reader.login !== null && !GITHUB_LOGIN.test(reader.login)) return null;
  // The menu's label is the name, else the login; with no image, the avatar shows its
  // initial, so the label's sentinel starts with it (and the copy is one per initial).
  const label = reader.name ?? reader.login;
  const initial = reader.image === null ? (label?.trim().charAt(0) ?? "") : "p";
  if (reader.image === null && label !== null && !PLAIN_INITIAL.test(initial)) return null;
  const unread = reader.unread === 0 ? 0 : reader.unread > 99 ? 100 : SENTINEL_UNREAD;
  const template: ReaderTemplate = {
    id: SENTINEL_ID,
    login: reader.login === null ? null : `${reader.name === null ? initial : "p"}btpl-login`,
    name: reader.name === null ? null : `${initial}btpl-name`,
    image: reader.image === null ? null : SENTINEL_IMAGE,
    email: reader.email === null ? null : SENTINEL_EMAIL,
    unread,
  };
  const key = [
    template.login === null ? "-" : template.login,
    template.name === null ? "-" : template.name,
    template.image === null ? "-" : "i",
    template.email === null ? "-" : "e",
    unread,
  ].join("/");
  return { key, template };
}

export function encodeTemplate(template: ReaderTemplate): string {
  return Buffer.from(JSON.stringify(template)).toString("base64url");
}

export function decodeTemplate(header: string | null): ReaderTemplate | null {
  if (!header || header.length > 2000) return null;
  try {
    const parsed = readerTemplateSchema.safeParse(JSON.parse(Buffer.from(header, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// The two kinds of text a copy holds.

const REACT_HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};

/** A string as React writes it into HTML, in text and in attribute values alike. */
export function reactHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => REACT_HTML_ESCAPES[character]!);
}

const SCRIPT_ESCAPES: Record<string, string> = {
  "&": "\\u0026",
  ">": "\\u003e",
  "<": "\\u003c",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * A piece of React's payload as it stands in the page: Next writes each chunk as
 * `self.__next_f.push([1,"…"])`, a JSON string, with <, >, & and the line separators escaped.
 */
export function inScript(payload: string): string {
  return JSON.stringify(payload)
    .slice(1, -1)
    .replace(/[&<>\u2028\u2029]/g, (character) => SCRIPT_ESCAPES[character]!);
}

/** A string value in React's payload: JSON, with a leading "$" doubled (React's own escape). */
function payloadString(value: string): string {
  return JSON.stringify(value.startsWith("$") ? `$${value}` : value);
}

// ---------------------------------------------------------------------------------------
// The overlay.

/** A replacement that must match exactly `count` times in its region. */
interface Swap {
  from: string;
  to: string;
  count: number;
}

/** One change to the copy: the bytes at [start, end) become `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

class Mismatch extends Error {}

/**
 * Where `needle` occurs in page[start, end). The page is worked on as the UTF-8 bytes it is
 * stored and sent as: found with indexOf and written once at the end (`applyEdits`), the
 * page is never decoded to a string, whose encoding back to bytes cost a quarter of the time.
 */
function occurrences(page: Buffer, needle: string, start = 0, end = page.length): number[] {
  const bytes = Buffer.from(needle);
  const found: number[] = [];
  for (let at = page.indexOf(bytes, start); at >= 0 && at + bytes.length <= end; at = page.indexOf(bytes, at + 1)) {
    found.push(at);
  }
  return found;
}

function swapEdits(page: Buffer, swap: Swap, start: number, end: number): Edit[] {
  const found = occurrences(page, swap.from, start, end);
  if (found.length !== swap.count) throw new Mismatch(swap.from);
  const length = Buffer.byteLength(swap.from);
  return found.map((at) => ({ start: at, end: at + length, text: swap.to }));
}

function applyEdits(page: Buffer, edits: Edit[]): Buffer {
  edits.sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) throw new Mismatch("overlapping edits");
    parts.push(page.subarray(at, edit.start), Buffer.from(edit.text));
    at = edit.end;
  }
  parts.push(page.subarray(at));
  return Buffer.concat(parts);
}

/** Where Next put React's payload: the bodies of its `self.__next_f.push([1,"…"])` scripts. */
const PAYLOAD_OPEN = 'self.__next_f.push([1,"';
const PAYLOAD_CLOSE = '"])</script>';
function payloadRanges(page: Buffer): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = page.indexOf(PAYLOAD_OPEN); at >= 0; at = page.indexOf(PAYLOAD_OPEN, at)) {
    const start = at + PAYLOAD_OPEN.length;
    const end = page.indexOf(PAYLOAD_CLOSE, start);
    if (end < 0) throw new Mismatch(PAYLOAD_CLOSE);
    ranges.push([start, end]);
    at = end;
  }
  return ranges;
}

/** The changes an upvote makes to a card's button (components/upvote-button.tsx, lib/format.ts upvoteLabel). */
function upvoteSwaps(arxivId: string): { html: Swap[]; payload: Swap[] } {
  return {
    html: [
      { from: 'name="upvoted" value="true"', to: 'name="upvoted" value="false"', count: 1 },
      { from: 'aria-label="Upvote, ', to: 'aria-label="Remove upvote, ', count: 1 },
      { from: 'aria-pressed="false" title="Upvote, ', to: 'aria-pressed="true" title="Remove upvote, ', count: 1 },
      { from: '"upvote upvote-off ', to: '"upvote upvote-on ', count: 1 },
    ],
    payload: [
      {
        from: inScript(`"arxivId":${JSON.stringify(arxivId)},"upvoted":false`),
        to: inScript(`"arxivId":${JSON.stringify(arxivId)},"upvoted":true`),
        count: 1,
      },
    ],
  };
}

/** The changes saving makes to a card's save button (components/save-button.tsx, size "card"). */
const SAVE_CLASSES = {
  off: "text-[13px] text-stone-600 dark:text-stone-400",
  on: "text-[13px] text-accent dark:text-accent-dark",
};
const SAVE_NAMES = { off: "Save for later", on: "Saved: remove from your reading list" };
function payloadSwap(from: unknown, to: unknown): Swap {
  return { from: inScript(JSON.stringify(from).slice(1, -1)), to: inScript(JSON.stringify(to).slice(1, -1)), count: 1 };
}
const SAVE_SWAPS: { html: Swap[]; payload: Swap[] } = {
  html: [
    { from: 'name="saved" value="true"', to: 'name="saved" value="false"', count: 1 },
    { from: `class="${SAVE_CLASSES.off} cursor-pointer`, to: `class="${SAVE_CLASSES.on} cursor-pointer`, count: 1 },
    {
      from: `aria-label="${SAVE_NAMES.off}" title="${SAVE_NAMES.off}"`,
      to: `aria-label="${reactHtml(SAVE_NAMES.on)}" title="${reactHtml(SAVE_NAMES.on)}"`,
      count: 1,
    },
    { from: ">save</button>", to: '>saved<span aria-hidden="true"> ✓</span></button>', count: 1 },
  ],
  payload: [
    payloadSwap({ name: "saved", value: "true" }, { name: "saved", value: "false" }),
    payloadSwap(
      { className: `${SAVE_CLASSES.off} cursor-pointer hover:underline` },
      { className: `${SAVE_CLASSES.on} cursor-pointer hover:underline` },
    ),
    payloadSwap(
      { "aria-label": SAVE_NAMES.off, title: SAVE_NAMES.off, "data-save-control": true, children: "save" },
      {
        "aria-label": SAVE_NAMES.on,
        title: SAVE_NAMES.on,
        "data-save-control": true,
        children: ["saved", ["$", "span", null, { "aria-hidden": "true", children: " ✓" }]],
      },
    ),
  ],
};

/**
 * The edits of `swaps` in the region of the card of `arxivId` that lies within [start, end):
 * from the card's marker to the next card's. A card missing from the region is a mismatch.
 */
function cardEdits(
  page: Buffer,
  marker: string,
  nextCard: string,
  [start, end]: [number, number],
  swaps: Swap[],
): Edit[] {
  const at = page.indexOf(marker, start);
  if (at < 0 || at >= end) throw new Mismatch(marker);
  const from = at + Buffer.byteLength(marker);
  const next = page.indexOf(nextCard, from);
  const to = next < 0 || next > end ? end : next;
  return swaps.flatMap((swap) => swapEdits(page, swap, from, to));
}

/**
 * The page of `reader`, made from a copy rendered for `template`; null when the copy is not
 * one the overlay can write into (Next renders the page instead).
 */
export function applyReaderOverlay(copy: Uint8Array, template: ReaderTemplate, reader: OverlayReader): Buffer | null {
  const page = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
  // A followed category's button and the hide-seen filter are per reader in ways not written here.
  if (page.includes('data-testid="follow-category"')) return null;
  try {
    const payloads = payloadRanges(page);
    if (payloads.length === 0) return null;
    const inPayload = (at: number) => payloads.some(([start, end]) => at >= start && at < end);
    // The HTML lies before the first payload script: Next streams the page's markup, then its payload.
    const html: [number, number] = [0, payloads[0]![0]];
    const payload: [number, number] = [payloads[0]![0], payloads[payloads.length - 1]![1]];
    const edits: Edit[] = [];

    // The header: each of the reader's strings where the template's sentinel stands. In the
    // payload a sentinel must be a whole string value; in the HTML, text or an attribute.
    const strings: [string | null, string | null][] = [
      [template.login, reader.login],
      [template.name, reader.name],
      [template.image, reader.image],
      [template.email, reader.email],
      [template.id, reader.id],
    ];
    const sentinels = strings.flatMap(([sentinel, value]) =>
      sentinel === null || value === null
        ? []
        : [
            {
              sentinel,
              value,
              bytes: Buffer.from(sentinel),
              mark: Buffer.byteLength(sentinel.split(SENTINEL_MARK)[0]!),
            },
          ],
    );
    // One scan for what every sentinel contains, rather than one scan of the page per sentinel.
    let past = 0;
    for (const hit of occurrences(page, SENTINEL_MARK)) {
      if (hit < past) continue; // the second mark of a sentinel already written (the address's)
      const found = sentinels.find(({ bytes, mark }) =>
        page.subarray(hit - mark, hit - mark + bytes.length).equals(bytes),
      );
      if (!found) continue;
      const at = hit - found.mark;
      past = at + found.bytes.length;
      if (!inPayload(at)) {
        // The reader's id is only React's key of the account corner (app/layout.tsx).
        if (found.sentinel === template.id) throw new Mismatch(found.sentinel);
        edits.push({ start: at, end: past, text: reactHtml(found.value) });
        continue;
      }
      // In the payload a sentinel is a whole string value: \"…\" around it.
      const quote = Buffer.byteLength(inScript('"'));
      const quoted = Buffer.from(inScript(payloadString(found.sentinel)));
      if (!page.subarray(at - quote, past + quote).equals(quoted)) throw new Mismatch(found.sentinel);
      edits.push({ start: at - quote, end: past + quote, text: inScript(payloadString(found.value)) });
    }
    if (template.unread > 0) {
      edits.push(
        ...swapEdits(
          page,
          {
            from: inScript(`"unreadNotifications":${template.unread}`),
            to: inScript(`"unreadNotifications":${reader.unread}`),
            count: 1,
          },
          ...payload,
        ),
      );
      if (template.unread === SENTINEL_UNREAD) {
        const badge = (count: number) => `font-semibold text-white">${count}</span>`;
        edits.push(...swapEdits(page, { from: badge(SENTINEL_UNREAD), to: badge(reader.unread), count: 1 }, ...html));
      }
    }

    // The cards: the reader's upvotes and saved papers.
    const htmlCard = (id: string) => `data-arxiv-id="${reactHtml(id)}"`;
    const payloadCard = (id: string) => inScript(`"data-arxiv-id":${JSON.stringify(id)}`);
    for (const id of reader.upvoted) {
      const swaps = upvoteSwaps(id);
      edits.push(...cardEdits(page, htmlCard(id), 'data-testid="paper-card"', html, swaps.html));
      edits.push(...cardEdits(page, payloadCard(id), inScript('"data-arxiv-id":'), payload, swaps.payload));
    }
    for (const id of reader.saved) {
      edits.push(...cardEdits(page, htmlCard(id), 'data-testid="paper-card"', html, SAVE_SWAPS.html));
      edits.push(...cardEdits(page, payloadCard(id), inScript('"data-arxiv-id":'), payload, SAVE_SWAPS.payload));
    }
    return applyEdits(page, edits);
  } catch (error) {
    if (error instanceof Mismatch) return null;
    throw error;
  }
}
