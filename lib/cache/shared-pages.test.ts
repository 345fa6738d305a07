import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invalidateAll, invalidateTags } from "./invalidation-clock";
import {
  readerPageRoute,
  sharedPageRoute,
  sharedPageTags,
  type PageRequest,
  type SharedPageRoute,
} from "./shared-page-routes";
import { MAX_SLOTS, PAGE_FILL_HEADER, currentPage, isPageFill, pageCacheStats, pageResponse } from "./shared-pages";

/** What Chromium sends when it navigates to a page. */
const BROWSER_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

function request(url: string, options: Partial<Omit<PageRequest, "pathname" | "search">> = {}): PageRequest {
  const parsed = new URL(url, "http://paperboard.test");
  return {
    method: "GET",
    pathname: parsed.pathname,
    search: parsed.search,
    headers: new Headers({ accept: BROWSER_ACCEPT }),
    cookies: new Map(),
    ...options,
  };
}

describe("which requests the page cache answers", () => {
  it("keeps signed-out feeds and paper pages, each with the tags of the writes that change it", () => {
    for (const path of ["/", "/new", "/daily", "/weekly/2026-W49", "/monthly/2026-11", "/trending/2026-12-04"])
      expect(sharedPageTags(path), path).toEqual(["feeds", "trending", "catalog", "snapshots"]);
    // An author's page also shows the follower count, which a follow changes.
    expect(sharedPageTags("/authors/Ashish%20Vaswani")).toEqual([
      "feeds",
      "trending",
      "catalog",
      "snapshots",
      "author:ashish vaswani",
    ]);
    expect(sharedPageTags("/authors/%E0%A4%A")).toBeNull();
    expect(sharedPageTags("/papers/2401.00001")).toEqual(["paper:2401.00001", "snapshots"]);
    // A version is the same paper's data (the page redirects; the redirect is not kept).
    expect(sharedPageTags("/papers/2401.00001v2")).toEqual(["paper:2401.00001", "snapshots"]);
    expect(sharedPageTags("/papers/hep-th/9901001")).toEqual(["paper:hep-th/9901001", "snapshots"]);
    for (const path of ["/papers/not-an-id", "/search", "/settings", "/u/alice", "/about", "/saved", "/following"])
      expect(sharedPageTags(path), path).toBeNull();
  });

  it("files a page under its path and query", () => {
    expect(sharedPageRoute(request("/papers/2401.00001?page=2&comments=new"))).toEqual({
      key: "/papers/2401.00001?page=2&comments=new",
      url: "/papers/2401.00001?page=2&comments=new",
      tags: ["paper:2401.00001", "snapshots"],
      paper: "2401.00001",
      cookie: null,
    });
  });

  it("gives a signed-in reader's feed, author and paper pages to the reader overlay", () => {
    const signedIn = new Map([["authjs.session-token", "token-1"]]);
    const secure = new Map([["__Secure-authjs.session-token", "token-2"]]);
    for (const path of ["/", "/new", "/daily/2026-12-04", "/weekly", "/monthly/2026-11", "/trending/2026-12-04"]) {
      expect(readerPageRoute(request(path, { cookies: signedIn })), path).toEqual({
        route: { key: path, url: path, tags: ["feeds", "trending", "catalog", "snapshots"], paper: null, cookie: null },
        sessionToken: "token-1",
      });
    }
    expect(readerPageRoute(request("/new", { cookies: secure }))?.sessionToken).toBe("token-2");
    expect(readerPageRoute(request("/papers/2401.00001?comments=new", { cookies: signedIn }))?.route.tags).toEqual([
      "paper:2401.00001",
      "snapshots",
    ]);
    // The overlay's paper: the page's own, whatever version or form the URL names it by.
    expect(readerPageRoute(request("/papers/2401.00001v2", { cookies: signedIn }))?.route.paper).toBe("2401.00001");
    expect(readerPageRoute(request("/authors/Ada%20Lovelace", { cookies: signedIn }))?.route.paper).toBeNull();
    // The same rules as a signed-out page's.
    expect(readerPageRoute(request("/authors/Ada%20Lovelace", { cookies: signedIn }))?.sessionToken).toBe("token-1");
    expect(readerPageRoute(request("/settings", { cookies: signedIn }))).toBeNull();
    expect(readerPageRoute(request("/"))).toBeNull();
    expect(readerPageRoute(request("/", { cookies: new Map([...signedIn, ["pb_flash", "Saved"]]) }))).toBeNull();
    expect(readerPageRoute(request("/", { cookies: signedIn, method: "POST" }))).toBeNull();
    expect(readerPageRoute(request("/", { cookies: signedIn, headers: new Headers({ accept: "*/*" }) }))).toBeNull();
  });

  it("sends anything personal, or not a whole document, on to Next", () => {
    const signedIn = new Map([["authjs.session-token", "x"]]);
    const secure = new Map([["__Secure-authjs.session-token", "x"]]);
    const flash = new Map([["pb_flash", "Rate limited"]]);
    expect(sharedPageRoute(request("/", { cookies: signedIn }))).toBeNull();
    expect(sharedPageRoute(request("/", { cookies: secure }))).toBeNull();
    expect(sharedPageRoute(request("/", { cookies: flash }))).toBeNull();
    expect(sharedPageRoute(request("/", { method: "POST" }))).toBeNull();
    expect(sharedPageRoute(request("/", { method: "HEAD" }))).toBeNull();
    // React's navigations and prefetches: fetch() calls that accept anything (Next hides their RSC headers from proxy.ts).
    expect(sharedPageRoute(request("/", { headers: new Headers({ accept: "*/*" }) }))).toBeNull();
    expect(sharedPageRoute(request("/", { headers: new Headers() }))).toBeNull();
    expect(
      sharedPageRoute(request("/", { headers: new Headers({ accept: BROWSER_ACCEPT, "sec-fetch-mode": "cors" }) })),
    ).toBeNull();
    expect(
      sharedPageRoute(request("/", { headers: new Headers({ accept: BROWSER_ACCEPT, "sec-fetch-mode": "navigate" }) }))
        ?.key,
    ).toBe("/");
    expect(sharedPageRoute(request("/", { headers: new Headers({ accept: BROWSER_ACCEPT, rsc: "1" }) }))).toBeNull();
    expect(
      sharedPageRoute(request("/", { headers: new Headers({ accept: BROWSER_ACCEPT, "next-router-prefetch": "1" }) })),
    ).toBeNull();
    expect(
      sharedPageRoute(request("/", { headers: new Headers({ accept: BROWSER_ACCEPT, "next-action": "abc" }) })),
    ).toBeNull();
    expect(sharedPageRoute(request("/?_rsc=1x2y"))).toBeNull();
    expect(sharedPageRoute(request(`/?q=${"x".repeat(400)}`))).toBeNull();
    // Cookies that change nothing on the page (sign-in's CSRF cookie, an operator's own) do not matter.
    expect(sharedPageRoute(request("/", { cookies: new Map([["authjs.csrf-token", "t"]]) }))?.key).toBe("/");
  });

  it("keeps the home page with the subscribe prompt dismissed apart from the one with it", () => {
    const dismissed = sharedPageRoute(request("/", { cookies: new Map([["pb_subscribe_prompt", "dismissed"]]) }));
    expect(dismissed?.key).not.toBe("/");
    expect(dismissed?.cookie).toBe("pb_subscribe_prompt=dismissed");
    expect(sharedPageRoute(request("/", { cookies: new Map([["pb_subscribe_prompt", "other"]]) }))?.key).toBe("/");
  });
});

/**
 * The store, against a real HTTP server on loopback standing where Next's renderer stands:
 * it answers each fill with the page's render count, as a page that changes would.
 */
describe("the page cache", () => {
  let server: Server;
  const renders = new Map<string, number>();
  const fillHeaders: string[] = [];
  const fillEncodings: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? "/";
      fillHeaders.push(String(req.headers[PAGE_FILL_HEADER]));
      fillEncodings.push(String(req.headers["accept-encoding"]));
      const count = (renders.get(url) ?? 0) + 1;
      renders.set(url, count);
      if (url.startsWith("/papers/2401.00404")) {
        res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
      } else if (url.startsWith("/papers/2401.00302")) {
        res.writeHead(308, { location: "/papers/2401.00301" }).end();
      } else if (url.startsWith("/papers/2401.00555")) {
        res.writeHead(200, { "content-type": "text/html", "set-cookie": "a=b" }).end("<p>cookie</p>");
      } else {
        // Slow enough for concurrent readers to arrive while it renders.
        setTimeout(() => {
          res
            .writeHead(200, {
              "content-type": "text/html; charset=utf-8",
              "content-security-policy": `script-src 'nonce-render${count}'`,
              "x-request-id": `fill-${count}`,
            })
            .end(`<html><body>render ${count} of ${url}</body></html>`);
        }, 50);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.__NEXT_PRIVATE_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.__NEXT_PRIVATE_ORIGIN;
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    renders.clear();
    fillHeaders.length = 0;
    fillEncodings.length = 0;
  });

  const route = (url: string): SharedPageRoute => sharedPageRoute(request(url))!;
  const text = async (url: string) => {
    const page = await currentPage(route(url));
    return page ? Buffer.from(page.html).toString() : null;
  };

  it("renders a page once for a crowd, and serves the copy with the render's own CSP", async () => {
    const crowd = await Promise.all(Array.from({ length: 20 }, () => currentPage(route("/papers/2401.00001"))));
    expect(renders.get("/papers/2401.00001")).toBe(1);
    expect(new Set(crowd).size).toBe(1);
    // The fill asked for the page uncompressed: it is compressed once, here.
    expect(fillEncodings).toEqual(["identity"]);
    const page = "<html><body>render 1 of /papers/2401.00001</body></html>";
    const response = pageResponse(crowd[0]!, "gzip");
    expect(response.headers.get("content-security-policy")).toBe("script-src 'nonce-render1'");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Each answer gets its own request id (lib/http/http-observer.ts), not the fill's.
    expect(response.headers.get("x-request-id")).toBeNull();
    // Without the preload that lets stored gzip through, the HTML (Next compresses it).
    expect(response.headers.get("x-paperboard-content-encoding")).toBeNull();
    expect(await response.text()).toBe(page);
    const passThrough = Symbol.for("paperboard.precompressedPassThrough");
    (globalThis as Record<symbol, unknown>)[passThrough] = true;
    try {
      const compressed = pageResponse(crowd[0]!, "br, gzip");
      expect(compressed.headers.get("x-paperboard-content-encoding")).toBe("gzip");
      expect(gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString()).toBe(page);
      // A reader who does not accept gzip gets the HTML.
      const plain = pageResponse(crowd[0]!, "identity");
      expect(plain.headers.get("x-paperboard-content-encoding")).toBeNull();
      expect(await plain.text()).toBe(page);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[passThrough];
    }
    // The fill proves itself with this process's secret; a guessed header does not.
    expect(isPageFill(new Headers({ [PAGE_FILL_HEADER]: fillHeaders[0]! }))).toBe(true);
    expect(isPageFill(new Headers({ [PAGE_FILL_HEADER]: "guess" }))).toBe(false);
  });

  it("renders again after a write to one of the page's tags, and only then", async () => {
    expect(await text("/papers/2401.00002")).toContain("render 1");
    invalidateTags(["paper:2401.09999", "catalog"]);
    expect(await text("/papers/2401.00002")).toContain("render 1");
    invalidateTags(["paper:2401.00002"]);
    expect(await text("/papers/2401.00002")).toContain("render 2");
    invalidateTags(["snapshots"]);
    expect(await text("/papers/2401.00002")).toContain("render 3");
    invalidateAll();
    expect(await text("/papers/2401.00002")).toContain("render 4");
    expect(await text("/papers/2401.00002")).toContain("render 4");
  });

  it("never keeps a write's effect out: a write during a render makes that render out of date", async () => {
    const during = currentPage(route("/papers/2401.00003"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    invalidateTags(["paper:2401.00003"]);
    // The render under way began before the write: the next reader waits for a new one.
    expect(await text("/papers/2401.00003")).toContain("render 2");
    expect(Buffer.from((await during)!.html).toString()).toContain("render 1");
    expect(await text("/papers/2401.00003")).toContain("render 2");
  });

  it("sends pages it may not keep on to Next, without asking again for a while", async () => {
    const before = pageCacheStats().counts.pass;
    for (const url of ["/papers/2401.00404", "/papers/2401.00302", "/papers/2401.00555"]) {
      expect(await currentPage(route(url)), url).toBeNull();
      expect(await currentPage(route(url)), url).toBeNull();
      expect(renders.get(url), url).toBe(1);
    }
    expect(pageCacheStats().counts.pass - before).toBe(6);
  });

  it("keeps track of at most MAX_SLOTS URLs, however many made-up ones are asked for", async () => {
    const copy = "/papers/2401.00007";
    expect(await text(copy)).toContain("render 1");
    for (let batch = 0; batch * 500 < MAX_SLOTS + 500; batch++)
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => currentPage(route(`/papers/2401.00404?n=${batch * 500 + i}`))),
      );
    expect(pageCacheStats().slots).toBeLessThanOrEqual(MAX_SLOTS);
    // The oldest went first: the copy made before the flood is gone, and is made again.
    expect(await text(copy)).toContain("render 2");
  }, 60_000);
});
