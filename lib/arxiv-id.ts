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
    if (Number(yy) === 7 && Number(mm) < 4) return null;
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

export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

export function arxivPdfUrl(arxivId: string): string {
  return `https://arxiv.org/pdf/${arxivId}`;
}
