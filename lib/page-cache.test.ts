import { describe, expect, it } from "vitest";
import { isCacheableHomeRequest, pickEncoding } from "./page-cache";

describe("pickEncoding", () => {
  it("prefers brotli, then gzip, as the Accept-Encoding header allows", () => {
    expect(pickEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(pickEncoding("gzip, deflate")).toBe("gzip");
    expect(pickEncoding("GZIP")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(pickEncoding("br;q=0,gzip;q=0")).toBeNull();
    expect(pickEncoding("deflate")).toBeNull();
    expect(pickEncoding("identity")).toBeNull();
    expect(pickEncoding("")).toBeNull();
    expect(pickEncoding(null)).toBeNull();
  });

  it("reads * as any encoding not named", () => {
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding("br;q=0, *")).toBe("gzip");
    expect(pickEncoding("*;q=0")).toBeNull();
  });
});

describe("isCacheableHomeRequest", () => {
  it("takes plain signed-out GET and HEAD of /", () => {
    expect(isCacheableHomeRequest("GET", "/", {})).toBe(true);
    expect(isCacheableHomeRequest("HEAD", "/", { cookie: "theme=dark; other=1" })).toBe(true);
  });

  it("passes on anything personal, another page, a query, a write or Next's own requests", () => {
    expect(isCacheableHomeRequest("GET", "/", { cookie: "authjs.session-token=abc" })).toBe(false);
    expect(isCacheableHomeRequest("GET", "/", { cookie: "a=1; __Secure-authjs.session-token=abc" })).toBe(false);
    expect(isCacheableHomeRequest("GET", "/", { cookie: "pb_flash=Too%20many%20votes" })).toBe(false);
    expect(isCacheableHomeRequest("GET", "/about", {})).toBe(false);
    expect(isCacheableHomeRequest("GET", "/?render=anonymous", {})).toBe(false);
    expect(isCacheableHomeRequest("POST", "/", {})).toBe(false);
    expect(isCacheableHomeRequest("GET", "/", { rsc: "1" })).toBe(false);
    expect(isCacheableHomeRequest("GET", "/", { "next-router-prefetch": "1" })).toBe(false);
    expect(isCacheableHomeRequest("POST", "/", { "next-action": "abc" })).toBe(false);
  });
});
