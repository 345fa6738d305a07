import { decodePathSegment } from "../http/path-segment";

/**
 * arXiv identifiers, after https://info.arxiv.org/help/arxiv_identifier.html:
 * - new style (April 2007 on): YYMM.NNNN (to 2014) or YYMM.NNNNN (2015 on), optional vN;
 * - old style (to March 2007): archive(.SUBJECT)/YYMMNNN, optional vN, e.g. hep-th/9901001.
 * Pure: no I/O, so that it can guard every route and every request to arXiv.
 */

const NEW_STYLE = /^(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(v[1-9]\d*)?$/;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)*)(\.[A-Z]{2})?\/(\d{2})(0[1-9]|1[0-2])(\d{3})(v[1-9]\d*)?$/;

export interface ParsedArxivId {
  /** The id without its version: the key Paperboard stores. */
  id: string;
  version: number | null;
}

export function parseArxivId(raw: string): ParsedArxivId | null {
  const text = raw.trim();
  const newStyle = NEW_STYLE.exec(text);
  if (newStyle) {
    const [, yy, mm, number, version] = newStyle;
    // Five-digit numbers began in January 2015; four-digit ones ended in December 2014.
    const fiveDigits = Number(yy) >= 15;
    if (fiveDigits !== (number!.length === 5)) return null;
    // New-style ids began in April 2007.
    if (Number(yy) < 7 || (Number(yy) === 7 && Number(mm) < 4)) return null;
    return { id: `${yy}${mm}.${number}`, version: version ? Number(version.slice(1)) : null };
  }
  const oldStyle = OLD_STYLE.exec(text);
  if (oldStyle) {
    const [, archive, subject, yy, mm, number, version] = oldStyle;
    // Old-style ids ran from 1991 to March 2007.
    const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
    if (year > 2007 || (year === 2007 && Number(mm) > 3)) return null;
    return {
      id: `${archive}${subject ?? ""}/${yy}${mm}${number}`,
      version: version ? Number(version.slice(1)) : null,
    };
  }
  return null;
}

const ARXIV_HOSTS = new Set(["arxiv.org", "www.arxiv.org", "export.arxiv.org"]);
const SCHEMELESS_ARXIV_URL = /^(?:www\.|export\.)?arxiv\.org\//i;
const ARXIV_PREFIX = /^arxiv:/i;
// The pages whose path is just an identifier; /pdf/ may carry a `.pdf` suffix.
const ID_PATH = /^\/(abs|pdf|html)\/(.+?)\/?$/;

/**
 * What a person pastes into "submit by arXiv ID": a bare id, `arXiv:` plus an id, or an
 * arxiv.org abs/pdf/html link (with or without scheme, www., export., version, `.pdf`,
 * trailing slash, query or fragment). Returns the normalised id, or null for anything else:
 * the result always comes from `parseArxivId`, so only grammar-valid ids reach a request.
 */
export function parseArxivInput(raw: string): ParsedArxivId | null {
  const text = raw.trim();
  // Longer than any real link: not worth handing to the URL parser.
  if (text === "" || text.length > 500) return null;
  if (ARXIV_PREFIX.test(text)) return parseArxivId(text.replace(ARXIV_PREFIX, ""));
  if (/^https?:\/\//i.test(text) || SCHEMELESS_ARXIV_URL.test(text)) {
    return parseArxivUrl(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  }
  return parseArxivId(text);
}

function parseArxivUrl(text: string): ParsedArxivId | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  // Credentials or a port mean the link is not one arXiv handed out.
  if (url.username || url.password || url.port) return null;
  if (!ARXIV_HOSTS.has(url.hostname)) return null;
  const match = ID_PATH.exec(url.pathname);
  if (!match) return null;
  const [, page, rest] = match;
  const id = page === "pdf" ? rest!.replace(/\.pdf$/, "") : rest!;
  return parseArxivId(id);
}

export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

export function arxivPdfUrl(arxivId: string): string {
  return `https://arxiv.org/pdf/${arxivId}`;
}

/**
 * The arXiv id in a catch-all route's segments (/papers/[...arxivId], /api/papers/[...path],
 * /og/paper/[...arxivId]…): old-style ids contain a slash (hep-th/9901001), so they arrive as
 * two segments. Each segment is percent-decoded (a client may send the slash as %2F). A
 * malformed escape (`%E3%80`) gives "", which names no paper, so every caller answers 404
 * rather than 500. Not validated against the grammar: callers look the text up or parse it.
 */
export function arxivIdFromSegments(segments: string[]): string {
  const decoded: string[] = [];
  for (const segment of segments) {
    const text = decodePathSegment(segment);
    if (text === null) return "";
    decoded.push(text);
  }
  return decoded.join("/");
}
