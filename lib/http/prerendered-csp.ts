import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

/**
 * Hashes of the inline scripts and styles in pages Next.js prerendered at build time.
 *
 * A nonce reaches only what is rendered per request: a prerendered page (e.g. /about, and
 * the 404 page) is served as the HTML the build wrote, whose inline scripts (React's payload,
 * `self.__next_f.push(…)`) carry no nonce. Their text is fixed at build time, so the page
 * CSP lists their SHA-256 hashes instead, read once from the build output. Without the
 * build output (`next dev`, unit tests) there is nothing prerendered and the list is empty.
 */

export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

const EMPTY: InlineHashes = { scripts: [], styles: [] };

interface State {
  routes: Set<string> | null;
  pages: Map<string, InlineHashes>;
}

const state: State = { routes: null, pages: new Map() };

function buildDir(): string {
  // Ignored by the build's file tracing: a computed path would pull the whole project into
  // the standalone output.
  return path.join(/*turbopackIgnore: true*/ process.cwd(), getEnv().NEXT_DIST_DIR);
}

function prerenderedRoutes(): Set<string> {
  if (state.routes) return state.routes;
  const manifest = path.join(buildDir(), "prerender-manifest.json");
  try {
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { routes?: Record<string, unknown> };
    state.routes = new Set(Object.keys(parsed.routes ?? {}));
  } catch {
    state.routes = new Set();
  }
  return state.routes;
}

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The hashes of one HTML document's inline `<script>` (without src) and `<style>` elements. */
export function inlineHashesOf(html: string): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1]!) || match[2]!.length === 0) continue;
    scripts.add(hash(match[2]!));
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    if (match[1]!.length > 0) styles.add(hash(match[1]!));
  }
  return { scripts: [...scripts], styles: [...styles] };
}

function hashesOfRoute(route: string): InlineHashes {
  const cached = state.pages.get(route);
  if (cached) return cached;
  const file = path.join(buildDir(), "server", "app", `${route === "/" ? "index" : route.slice(1)}.html`);
  const hashes = existsSync(file) ? inlineHashesOf(readFileSync(file, "utf8")) : EMPTY;
  state.pages.set(route, hashes);
  return hashes;
}

/**
 * What the page CSP must allow besides its nonce for a request of `pathname`: the hashes of
 * that page if it was prerendered; for any other path, those of the prerendered 404 page,
 * which Next serves for a URL that matches no route.
 */
export function prerenderedInlineHashes(pathname: string): InlineHashes {
  const routes = prerenderedRoutes();
  if (routes.has(pathname)) return hashesOfRoute(pathname);
  return routes.has("/_not-found") ? hashesOfRoute("/_not-found") : EMPTY;
}
