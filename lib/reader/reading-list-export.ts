import { arxivAbsUrl } from "@/lib/papers/arxiv-id";
import { bibtexEntry, citationKey, type BibtexPaper } from "@/lib/papers/bibtex";

/**
 * The reading list as files reference managers import (pure: no database). BibTeX reuses
 * the paper page's entry (lib/papers/bibtex.ts); CSL-JSON is the format Zotero, Mendeley and
 * citeproc read (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).
 */

export interface ExportablePaper extends BibtexPaper {
  abstract: string;
  /** A DOI when the paper has one; Paperboard keeps none yet, so it is left out. */
  doi?: string | null;
}

/**
 * One .bib file. Two papers may make the same citation key (same first author, year and
 * title word); BibTeX refuses duplicate keys, so later ones get a, b, c… as arXiv and
 * Google Scholar do.
 */
export function readingListBibtex(list: ExportablePaper[]): string {
  const used = new Map<string, number>();
  const entries = list.map((paper) => {
    const key = citationKey(paper);
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    const entry = bibtexEntry(paper);
    if (seen === 0) return entry;
    return entry.replace(`@misc{${key},`, `@misc{${key}${suffix(seen)},`);
  });
  return entries.length > 0 ? `${entries.join("\n\n")}\n` : "";
}

/** 1 → a, 26 → z, 27 → aa. */
function suffix(n: number): string {
  let result = "";
  for (let value = n; value > 0; value = Math.floor((value - 1) / 26))
    result = String.fromCharCode(97 + ((value - 1) % 26)) + result;
  return result;
}

export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: "article";
  title: string;
  author: CslName[];
  issued?: { "date-parts": [[number, number?, number?]] };
  URL: string;
  DOI?: string;
  archive: "arXiv";
  publisher: "arXiv";
  number: string;
  abstract?: string;
  keyword?: string;
}

const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/**
 * arXiv gives a name as written ("Ashish Vaswani", "Guido van Rossum Jr.", "Wang, Penghao");
 * CSL wants the family name apart. The last word is the family name (a comma form says so
 * itself); collaborations and single words stay whole as `literal`.
 */
export function cslName(raw: string): CslName {
  const name = raw.trim().replace(/\s+/g, " ");
  if (/\bcollaboration\b|\bteam\b|\bconsortium\b/i.test(name)) return { literal: name };
  if (name.includes(",")) {
    const [family, ...rest] = name.split(",");
    const given = rest.join(",").trim();
    return given ? { family: family!.trim(), given } : { literal: name };
  }
  const words = name.split(" ");
  const suffixWord = words.length > 2 && SUFFIX.test(words[words.length - 1]!) ? words.pop() : undefined;
  if (words.length < 2) return { literal: name };
  const family = words.pop()!;
  return { family, given: words.join(" "), ...(suffixWord ? { suffix: suffixWord } : {}) };
}

function issued(day: string | null): CslItem["issued"] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? "");
  if (!match) return undefined;
  return { "date-parts": [[Number(match[1]), Number(match[2]), Number(match[3])]] };
}

export function cslItem(paper: ExportablePaper): CslItem {
  const date = issued(paper.publishedOn);
  return {
    id: `arXiv:${paper.arxivId}`,
    type: "article",
    title: paper.title.replace(/\s+/g, " ").trim(),
    author: paper.authors.map(cslName),
    ...(date ? { issued: date } : {}),
    URL: arxivAbsUrl(paper.arxivId),
    ...(paper.doi ? { DOI: paper.doi } : {}),
    archive: "arXiv",
    publisher: "arXiv",
    number: paper.arxivId,
    ...(paper.abstract ? { abstract: paper.abstract } : {}),
    ...(paper.categories.length > 0 ? { keyword: paper.categories.join(", ") } : {}),
  };
}

export function readingListCslJson(list: ExportablePaper[]): CslItem[] {
  return list.map(cslItem);
}
