import { describe, expect, it } from "vitest";
import { createLogger, formatPrettyLine } from "./logger";
import { requestContext } from "../http/request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    "info",
  );
  return { logger, lines };
}

describe("the structured logger", () => {
  it("writes one JSON object per line: level, epoch time, message and the fields given", () => {
    const { logger, lines } = capture();
    logger.info({ method: "GET", route: "/papers/[...arxivId]", status: 200, ms: 12.3 }, "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "request",
      method: "GET",
      route: "/papers/[...arxivId]",
      status: 200,
      ms: 12.3,
      pid: process.pid,
    });
    expect(typeof lines[0]!.time).toBe("number");
  });

  it("adds the request id to every line written while serving a request", async () => {
    const { logger, lines } = capture();
    await requestContext.run({ requestId: "req-0123456789" }, async () => {
      await Promise.resolve();
      logger.warn("inside");
    });
    logger.info("outside");
    expect(lines[0]).toMatchObject({ msg: "inside", reqId: "req-0123456789", level: 40 });
    expect(lines[1]).not.toHaveProperty("reqId");
  });

  it("never writes an authorization header or a cookie", () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: "Bearer pb_secret", cookie: "authjs.session-token=abc" } }, "headers");
    expect(JSON.stringify(lines)).not.toContain("pb_secret");
    expect(JSON.stringify(lines)).not.toContain("abc");
  });

  it("respects the level", () => {
    const lines: string[] = [];
    createLogger({ write: (line: string) => void lines.push(line) }, "warn").info("dropped");
    expect(lines).toEqual([]);
  });

  it("serializes errors with their message and stack", () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error("boom") }, "job failed");
    expect(lines[0]!.err).toMatchObject({ type: "Error", message: "boom" });
    expect(String((lines[0]!.err as { stack: string }).stack)).toContain("boom");
  });
});

describe("formatPrettyLine (development output)", () => {
  it("prints time, level, message and fields on one line", () => {
    const line = formatPrettyLine(
      JSON.stringify({
        level: 30,
        time: Date.UTC(2026, 0, 2, 3, 4, 5),
        pid: 1,
        msg: "request",
        route: "/",
        status: 200,
      }),
    );
    expect(line).toBe("03:04:05 INFO  request route=/ status=200\n");
  });

  it("passes through what is not JSON", () => {
    expect(formatPrettyLine("plain\n")).toBe("plain\n");
  });
});
