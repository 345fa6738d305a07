import { z } from "zod";

/**
 * The reader overlay: a signed-in reader's feed, author or paper page made from one shared
 * copy (the page cache, lib/cache/shared-pages.ts) instead of a render of their own
 * (docs/ARCHITECTURE.md, "Caching and per-user state"). Pure: no I/O, tested on its own and
 * against real renders.
 *
 * The shared copy is rendered for a *template reader*: a signed-in reader with no votes, no
 * saved papers, no follows, and made-up words (sentinels) where the header shows a reader's
 * login, name, avatar and e-mail address. What differs between readers on such a page is
 * then small and known: those strings, the unread count, which papers they upvoted or saved,
 * and which of the page's Follow buttons they follow. `applyReaderOverlay` writes them into
 * both halves of the copy — the HTML a reader without JavaScript sees, and React's payload
 * (Flight), from which the browser hydrates the same markup — so the result is the page Next
 * would have rendered for that reader.
 *
 * Anything the overlay does not know how to write (a moderator's controls, the hide-seen
 * filter on, the reader's own comments or comment votes, a name that would need more than a
 * replacement) is not answered from a copy: lib/reader/page-overlay.ts, `templateFor` or
 * `applyReaderOverlay` says null, and Next renders. Each replacement must match exactly as
 * often as expected, so a change to a component that this file does not follow makes the
 * overlay give way to Next rather than show a wrong page.
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
  /** The page's Follow buttons this reader follows, as `kind:key` (`followButtonsOf`). */
  following: ReadonlySet<string>;
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

/**
 * The changes an upvote makes to its button, on a card or a paper page
 * (components/upvote-button.tsx, lib/format.ts upvoteLabel). A comment's upvote is another
 * form ("Upvote comment"), which these do not match.
 */
function upvoteSwaps(arxivId: string): { html: Swap[]; payload: Swap[] } {
  return {
    html: [
      {
        from: 'name="upvoted" value="true"/><button type="submit" aria-label="Upvote, ',
        to: 'name="upvoted" value="false"/><button type="submit" aria-label="Remove upvote, ',
        count: 1,
      },
      { from: 'aria-pressed="false" title="Upvote, ', to: 'aria-pressed="true" title="Remove upvote, ', count: 1 },
      { from: " upvote-off cursor-pointer ", to: " upvote-on cursor-pointer ", count: 1 },
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

/** The changes saving makes to a save button (components/save-button.tsx), on a card or a paper page. */
const SAVE_CLASSES = {
  card: {
    off: "text-[13px] text-stone-600 dark:text-stone-400",
    on: "text-[13px] text-accent dark:text-accent-dark",
  },
  page: {
    off: "rounded border px-2.5 py-1 text-sm border-stone-300 text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300",
    on: "rounded border px-2.5 py-1 text-sm border-accent text-accent dark:border-accent-dark dark:text-accent-dark",
  },
};
const SAVE_NAMES = { off: "Save for later", on: "Saved: remove from your reading list" };
function payloadSwap(from: unknown, to: unknown): Swap {
  return { from: inScript(JSON.stringify(from).slice(1, -1)), to: inScript(JSON.stringify(to).slice(1, -1)), count: 1 };
}
function saveSwaps(size: "card" | "page"): { html: Swap[]; payload: Swap[] } {
  const classes = SAVE_CLASSES[size];
  return {
    html: [
      { from: 'name="saved" value="true"', to: 'name="saved" value="false"', count: 1 },
      { from: `class="${classes.off} cursor-pointer`, to: `class="${classes.on} cursor-pointer`, count: 1 },
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
        { className: `${classes.off} cursor-pointer hover:underline` },
        { className: `${classes.on} cursor-pointer hover:underline` },
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
}

/** The changes following makes to a Follow button (components/follow-button.tsx), either size. */
const FOLLOW_COLOURS = {
  off: "border-stone-300 text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300",
  on: "border-accent text-accent dark:border-accent-dark dark:text-accent-dark",
};
const FOLLOW_SWAPS: { html: Swap[]; payload: Swap[] } = {
  html: [
    { from: 'name="follow" value="true"', to: 'name="follow" value="false"', count: 1 },
    { from: ` ${FOLLOW_COLOURS.off} cursor-pointer"`, to: ` ${FOLLOW_COLOURS.on} cursor-pointer"`, count: 1 },
    { from: 'aria-label="Follow ', to: 'aria-label="Unfollow ', count: 1 },
    { from: 'title="Follow ', to: 'title="Unfollow ', count: 1 },
    { from: ">Follow</button>", to: ">Unfollow</button>", count: 1 },
  ],
  payload: [
    payloadSwap({ name: "follow", value: "true" }, { name: "follow", value: "false" }),
    {
      from: inScript(` ${FOLLOW_COLOURS.off} cursor-pointer"`),
      to: inScript(` ${FOLLOW_COLOURS.on} cursor-pointer"`),
      count: 1,
    },
    { from: inScript('"aria-label":"Follow '), to: inScript('"aria-label":"Unfollow '), count: 1 },
    { from: inScript('"title":"Follow '), to: inScript('"title":"Unfollow '), count: 1 },
    { from: inScript('"children":"Follow"'), to: inScript('"children":"Unfollow"'), count: 1 },
  ],
};

/** A Follow button's form fields in the HTML: what it follows, as `kind:key` (`author:Ada Lovelace`). */
const FOLLOW_FIELDS =
  /name="kind" value="(author|category|paper)"\/><input type="hidden" name="key" value="([^"]*)"\/>/g;

/** The Follow buttons on a copy, as `kind:key`, for reading which of them a reader follows. */
export function followButtonsOf(copy: Uint8Array): string[] {
  const text = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).toString("utf8");
  return [
    ...new Set(Array.from(text.matchAll(FOLLOW_FIELDS), (match) => `${match[1]}:${unescapeReactHtml(match[2]!)}`)),
  ];
}

function unescapeReactHtml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#x27);/g,
    (_entity, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'" })[name]!,
  );
}

/**
 * The edits of `swaps` in one control's region within [start, end): from its `marker` to
 * `endMarker` (the next card's, excluded; or the control's own last words, included). A
 * control missing from the region is a mismatch.
 */
function regionEdits(
  page: Buffer,
  marker: string,
  endMarker: { text: string; included: boolean },
  [start, end]: [number, number],
  swaps: Swap[],
): Edit[] {
  const at = page.indexOf(marker, start);
  if (at < 0 || at >= end) throw new Mismatch(marker);
  const from = at + Buffer.byteLength(marker);
  const next = page.indexOf(endMarker.text, from);
  if (endMarker.included && (next < 0 || next >= end)) throw new Mismatch(endMarker.text);
  const to = next < 0 || next > end ? end : endMarker.included ? next + Buffer.byteLength(endMarker.text) : next;
  return swaps.flatMap((swap) => swapEdits(page, swap, from, to));
}

/**
 * The page of `reader`, made from a copy rendered for `template`; null when the copy is not
 * one the overlay can write into (Next renders the page instead).
 */
export function applyReaderOverlay(
  copy: Uint8Array,
  template: ReaderTemplate,
  reader: OverlayReader,
  options: { paper: string | null } = { paper: null },
): Buffer | null {
  const page = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
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
      const found = sentinels.find(
        ({ bytes, mark }) => hit >= mark && page.subarray(hit - mark, hit - mark + bytes.length).equals(bytes),
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

    if (options.paper === null) {
      // A feed's cards: the reader's upvotes and saved papers, each in its card.
      const htmlCard = (id: string) => `data-arxiv-id="${reactHtml(id)}"`;
      const payloadCard = (id: string) => inScript(`"data-arxiv-id":${JSON.stringify(id)}`);
      const nextCard = { html: { text: 'data-testid="paper-card"', included: false } };
      const nextPayloadCard = { text: inScript('"data-arxiv-id":'), included: false };
      for (const id of reader.upvoted) {
        const swaps = upvoteSwaps(id);
        edits.push(...regionEdits(page, htmlCard(id), nextCard.html, html, swaps.html));
        edits.push(...regionEdits(page, payloadCard(id), nextPayloadCard, payload, swaps.payload));
      }
      const save = saveSwaps("card");
      for (const id of reader.saved) {
        edits.push(...regionEdits(page, htmlCard(id), nextCard.html, html, save.html));
        edits.push(...regionEdits(page, payloadCard(id), nextPayloadCard, payload, save.payload));
      }
    } else {
      // A paper page: its one upvote and save button, each matched once in the whole page.
      const id = options.paper;
      const marks = [
        ...(reader.upvoted.has(id) ? [upvoteSwaps(id)] : []),
        ...(reader.saved.has(id) ? [saveSwaps("page")] : []),
      ];
      for (const swaps of marks) {
        for (const swap of swaps.html) edits.push(...swapEdits(page, swap, ...html));
        for (const swap of swaps.payload) edits.push(...swapEdits(page, swap, ...payload));
      }
    }
    // Follow buttons (a paper page's authors, categories and discussion, an author page's, a
    // category feed's), each in its own form; every button for the same thing.
    for (const followed of reader.following) {
      const colon = followed.indexOf(":");
      const [kind, key] = [followed.slice(0, colon), followed.slice(colon + 1)];
      const htmlMarker = `name="kind" value="${reactHtml(kind)}"/><input type="hidden" name="key" value="${reactHtml(key)}"/>`;
      const payloadMarker = inScript(
        `"name":"kind","value":${JSON.stringify(kind)}}],["$","input",null,{"type":"hidden","name":"key","value":${payloadString(key)}}]`,
      );
      const buttons = occurrences(page, htmlMarker, ...html);
      const elements = occurrences(page, payloadMarker, ...payload);
      if (buttons.length === 0 || buttons.length !== elements.length) throw new Mismatch(htmlMarker);
      for (const at of buttons) {
        edits.push(
          ...regionEdits(page, htmlMarker, { text: "</form>", included: false }, [at, html[1]], FOLLOW_SWAPS.html),
        );
      }
      for (const at of elements) {
        edits.push(
          ...regionEdits(
            page,
            payloadMarker,
            { text: inScript('"children":"Follow"'), included: true },
            [at, payload[1]],
            FOLLOW_SWAPS.payload,
          ),
        );
      }
    }
    return applyEdits(page, edits);
  } catch (error) {
    if (error instanceof Mismatch) return null;
    throw error;
  }
}
