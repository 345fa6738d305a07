import pino, { type DestinationStream, type Logger } from "pino";
import { getLoggerEnv } from "@/lib/env";
import { currentRequestId } from "@/lib/http/request-context";

/**
 * The process's structured logger (pino): one JSON object per line in production, for a
 * log shipper; a short human line in development. Every line written while a request is
 * served carries its `reqId` (lib/http/request-context.ts). LOG_LEVEL sets the threshold.
 *
 * Configured by `getLoggerEnv()` rather than `getEnv()`: the logger must work while the
 * environment is being validated, to report that it is wrong.
 */

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
const BASE_KEYS = new Set(["level", "time", "msg", "pid", "hostname"]);

/** Development output: `12:04:05 INFO  request GET /papers/[id] 200 12ms reqId=…`. Pure, for the test. */
export function formatPrettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(Number(entry.time)).toISOString().slice(11, 19);
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !BASE_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${time} ${level} ${String(entry.msg ?? "")}${fields.length ? ` ${fields.join(" ")}` : ""}\n`;
}

const prettyStream: DestinationStream = { write: (line: string) => void process.stdout.write(formatPrettyLine(line)) };

/** A logger writing to `destination` (tests pass their own); `logger` below is the process's. */
export function createLogger(destination?: DestinationStream, level: string = getLoggerEnv().LOG_LEVEL): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.epochTime,
      // Secrets never reach a log line, whatever a caller passes along.
      redact: {
        paths: ["authorization", "cookie", "*.authorization", "*.cookie", "headers.authorization", "headers.cookie"],
        censor: "[redacted]",
      },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? (getLoggerEnv().NODE_ENV === "production" ? pino.destination({ sync: true }) : prettyStream),
  );
}

// One logger per process, shared by every bundle (see lib/http/request-context.ts).
const globalLogger = globalThis as unknown as { paperboardLogger?: Logger };
export const logger: Logger = (globalLogger.paperboardLogger ??= createLogger());
