/**
 * What a rendered page *is*, independent of how a particular render streamed it: its HTML
 * without scripts, and React's payload (Flight) with every reference to another row put in
 * place. Two renders of the same page for the same reader may number their payload rows
 * differently, order them differently, preload other scripts and separate text differently
 * (the order in which data arrived), and draw their own nonces and server-action form ids;
 * their meanings are equal.
 * The reader overlay's tests compare a page made from a shared copy with Next's own render
 * for the same reader by this.
 */
export interface PageMeaning {
  html: string;
  payload: string;
}

const PAYLOAD_SCRIPT = /<script\b[^>]*>self\.__next_f\.push\(\[1,(".*?")\]\)<\/script>/gs;

/**
 * Per-render details: nonces, the numbered form fields of server actions, and the empty
 * comments React puts between two pieces of text that reached it separately.
 */
function withoutRenderIds(text: string): string {
  return text
    .replace(/<!-- -->/g, "")
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/"nonce":"[^"]*"/g, '"nonce":""')
    .replace(/\$ACTION_REF_\d+/g, "$ACTION_REF_")
    .replace(/\$ACTION_\d+:/g, "$ACTION_:");
}

/** The payload's rows by id: `id:json\n`, or `id:T<hex byte length>,text` for long text. */
function payloadRows(payload: string): Map<string, string> {
  const rows = new Map<string, string>();
  let at = 0;
  while (at < payload.length) {
    const colon = payload.indexOf(":", at);
    if (colon < 0) throw new Error(`a payload row without an id at ${at}`);
    const id = payload.slice(at, colon);
    const text = /^T([0-9a-f]+),/.exec(payload.slice(colon + 1, colon + 20));
    if (text) {
      const start = colon + 1 + text[0].length;
      const value = Buffer.from(payload.slice(start), "utf8").subarray(0, parseInt(text[1]!, 16)).toString("utf8");
      rows.set(id, JSON.stringify(value));
      at = start + value.length;
      continue;
    }
    const end = payload.indexOf("\n", colon);
    // Rows without an id (hints such as `:HL[…]`) say which files to preload: not the page's meaning.
    if (id !== "") rows.set(id, payload.slice(colon + 1, end));
    at = end + 1;
  }
  return rows;
}

/**
 * Row `id` with every reference to another row ("$L1f", "$h27", "$4") replaced by that row.
 * A plain or lazy reference ("$4", "$L1f", "$@2") stands for its row as if written in place:
 * whether React writes an element in place or in a row of its own depends on when its data
 * arrived. Other kinds (a server action's "$h") keep their kind.
 */
function resolve(rows: Map<string, string>, id: string, seen: Set<string> = new Set()): string {
  if (seen.has(id)) return `<cycle ${id}>`;
  const row = rows.get(id);
  if (row === undefined) return `<missing ${id}>`;
  const inner = new Set(seen).add(id);
  return row.replace(/"\$([A-Za-z@]?)([0-9a-f]+)"/g, (match, kind: string, ref: string) => {
    if (!rows.has(ref)) return match;
    const content = resolve(rows, ref, inner);
    return kind === "" || kind === "L" || kind === "@" ? content : `{"${kind}":${content}}`;
  });
}

export function pageMeaning(document: string): PageMeaning {
  const chunks: string[] = [];
  const html = document
    .replace(PAYLOAD_SCRIPT, (_match, literal: string) => {
      chunks.push(JSON.parse(literal) as string);
      return "";
    })
    .replace(/<script\b[^>]*>.*?<\/script>/gs, "")
    .replace(/<link\b[^>]*>/g, "");
  const rows = payloadRows(chunks.join(""));
  return { html: withoutRenderIds(html), payload: withoutRenderIds(resolve(rows, "0")) };
}

/** Where two strings first differ, with some context, for a failing assertion's message. */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let at = 0;
  while (a[at] === b[at]) at += 1;
  return `at ${at}:\n  ${a.slice(Math.max(0, at - 200), at + 200)}\n≠\n  ${b.slice(Math.max(0, at - 200), at + 200)}`;
}
