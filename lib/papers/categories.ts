import { z } from "zod";

/**
 * arXiv subject categories (https://arxiv.org/category_taxonomy): an archive, optionally a
 * dot and a subject class. Archives are lower case with at most one hyphen (cs, hep-th,
 * q-bio, astro-ph); classes are two capitals (cs.LG, math.AP) or lower-case words with at
 * most one hyphen (cond-mat.mes-hall, physics.comp-ph). Case matters, as on arXiv: the
 * grammar rather than a fixed list, so that a new category needs no release. Pure.
 */
const CATEGORY = /^[a-z]+(?:-[a-z]{2,})?(?:\.(?:[A-Z]{2}|[a-z]{2,}(?:-[a-z]{2,})?))?$/;
const MAX_CATEGORY_LENGTH = 40;

export const categorySchema = z
  .string()
  .max(MAX_CATEGORY_LENGTH, "must be an arXiv category such as cs.LG or hep-th")
  .regex(CATEGORY, "must be an arXiv category such as cs.LG or hep-th");

export function isCategory(value: string): boolean {
  return categorySchema.safeParse(value).success;
}

/**
 * A page's `?category=`: pages treat a malformed one as no filter (the API answers 400),
 * so that a hand-edited URL shows the whole feed rather than an error page.
 */
export function categoryFrom(searchParams: Record<string, string | string[] | undefined>): string | undefined {
  const raw = searchParams.category;
  return typeof raw === "string" && isCategory(raw) ? raw : undefined;
}

/** `path` with the query parameters that are set, in a stable order (category, then the rest). */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
