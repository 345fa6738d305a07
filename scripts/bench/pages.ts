import http from "node:http";
import type postgres from "postgres";
import { log } from "./format";
import { BROWSER_HEADERS } from "./http";

/**
 * The page side of the benchmark: a paper with a long discussion, the JavaScript a browser
 * downloads on first load, and how long a write on one app server takes to show on another.
 */

/**
 * Gives one paper `count` comments (a third of them replies), with markdown and TeX, by the
 * bench's voters: the "long discussion" page.
 */
export async function addLongDiscussion(
  sql: postgres.Sql,
  arxivId: string,
  authorPrefix: string,
  count: number,
): Promise<void> {
  const roots = Math.ceil((count * 2) / 3);
  await sql`
    insert into comments (paper_id, author_id, body, depth, created_at, upvotes)
    select p.id, u.id,
           'Comment ' || i || ': the bound in *Section 3* holds for $n \\geq ' || i || '$, see [the appendix](https://example.org/' || i || ').' ||
           E'\n\n' || '- first point' || E'\n' || '- second point with \`code\`',
           0, now() - make_interval(mins => ${count}::int - i), i % 7
    from generate_series(1, ${roots}::int) as i
    join papers p on p.arxiv_id = ${arxivId}
    join lateral (select id from users where id like ${`${authorPrefix}%`} order by id offset (i % 500) limit 1) u on true`;
  await sql`
    insert into comments (paper_id, author_id, body, depth, parent_id, created_at)
    select c.paper_id, c.author_id, 'A reply: **agreed**, and $\\sum_k k^2$ too.', 1, c.id, c.created_at + interval '1 minute'
    from (select * from comments where paper_id = (select id from papers where arxiv_id = ${arxivId}) and depth = 0
          order by id limit ${count - roots}) c`;
  await sql`update papers set comment_count = (select count(*) from comments c where c.paper_id = papers.id) where arxiv_id = ${arxivId}`;
}

/** Bytes on the wire for one GET with browser-like headers (compressed if the server compresses). */
function wireBytes(url: string): Promise<{ status: number; bytes: number; encoding: string | null }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: BROWSER_HEADERS }, (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.byteLength));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            bytes,
            encoding: (response.headers["content-encoding"] as string | undefined) ?? null,
          }),
        );
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

export interface FirstLoadJs {
  path: string;
  scripts: number;
  /** Compressed as served to a browser asking with BROWSER_HEADERS. */
  bytes: number;
  encoding: string;
}

/** The JavaScript a browser downloads to load `path` for the first time: every script the HTML names. */
export async function firstLoadJs(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<FirstLoadJs> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const html = await response.text();
  // Scripts marked noModule (the polyfills) are skipped by every browser that runs modules.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/\snomodule\b/i.test(tag));
  const sources = [...new Set(tags.flatMap((tag) => /\ssrc="([^"]+\.js[^"]*)"/.exec(tag)?.[1] ?? []))];
  let bytes = 0;
  const encodings = new Set<string>();
  for (const source of sources) {
    const result = await wireBytes(new URL(source.replaceAll("&amp;", "&"), baseUrl).toString());
    if (result.status !== 200) throw new Error(`first-load JS: ${source} answered ${result.status}`);
    bytes += result.bytes;
    encodings.add(result.encoding ?? "identity");
  }
  return { path, scripts: sources.length, bytes, encoding: [...encodings].join("+") };
}

/** The upvote count of a paper page, as its HTML shows it. */
function shownUpvotes(html: string): number | null {
  const match = /data-testid="upvote-count"[^>]*>(\d+)</.exec(html);
  return match ? Number(match[1]) : null;
}

export interface Propagation {
  writes: number;
  /** Milliseconds from the write's answer on server A to its first sight on server B. */
  p50: number;
  p99: number;
  max: number;
  /** Writes not seen on B within the time limit. */
  missed: number;
}

/**
 * `writes` votes (alternately up and down, by rotating voters) through server A on one
 * paper; after each, server B's page of that paper is read until it shows the new count
 * (every 5 ms, at most `limitMs`). B's page is cached before each write.
 */
export async function measurePropagation(options: {
  a: { baseUrl: string; siteUrl: string };
  b: { baseUrl: string };
  arxivId: string;
  cookies: string[];
  writes: number;
  limitMs?: number;
}): Promise<Propagation> {
  const limitMs = options.limitMs ?? 5_000;
  const pageB = `${options.b.baseUrl}/papers/${options.arxivId}`;
  const samples: number[] = [];
  let missed = 0;
  for (let i = 0; i < options.writes; i++) {
    // Each write its own voter: up, then the next one's up… and every voter's vote undone at the end.
    const cookie = options.cookies[i % options.cookies.length]!;
    const upvoted = Math.floor(i / options.cookies.length) % 2 === 0;
    await (await fetch(pageB, { headers: BROWSER_HEADERS })).text();
    const response = await fetch(`${options.a.baseUrl}/api/papers/${options.arxivId}/vote`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie, origin: options.a.siteUrl },
      body: JSON.stringify({ upvoted }),
    });
    if (!response.ok) throw new Error(`propagation: vote answered ${response.status}: ${await response.text()}`);
    const { upvotes } = (await response.json()) as { upvotes: number };
    const written = performance.now();
    for (;;) {
      const shown = shownUpvotes(await (await fetch(pageB, { headers: BROWSER_HEADERS })).text());
      const elapsed = performance.now() - written;
      if (shown === upvotes) {
        samples.push(elapsed);
        break;
      }
      if (elapsed > limitMs) {
        missed += 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const result = { writes: options.writes, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, missed };
  log(
    `propagation A → B: ${result.writes} votes, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms, missed ${missed}`,
  );
  return result;
}
