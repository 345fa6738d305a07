import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 for tests: it accepts whatever nodemailer sends, keeps the
 * raw message and a parsed view of it, and can refuse the first N messages with a 451 so that
 * retry paths are exercised against a genuine SMTP conversation rather than a mock.
 */

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM). */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  /** The message exactly as received, after SMTP dot-unstuffing. */
  raw: string;
  /** Top-level headers: lower-cased names, unfolded values, the first occurrence of each name. */
  headers: Map<string, string>;
  /** The Subject header with RFC 2047 encoded words decoded. */
  subject: string;
  /** The first text/plain part, transfer-decoded, line breaks as \n; "" if there is none. */
  text: string;
  /** The first text/html part, transfer-decoded, line breaks as \n; "" if there is none. */
  html: string;
  /** The user name the client authenticated as, if it did. */
  user?: string;
}

export interface SmtpTestServer {
  port: number;
  /** smtp://127.0.0.1:PORT, for createMailer's smtpUrl. */
  url: string;
  /** Every accepted message, in order (refused ones are not here). */
  messages: ReceivedMail[];
  /** Connections opened so far, to prove that nothing was even attempted. */
  readonly connectionCount: number;
  /** Resolves once at least `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpTestServer(options: { failFirst?: number } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const waiters: { count: number; resolve: (mails: ReceivedMail[]) => void }[] = [];
  let toFail = options.failFirst ?? 0;
  let connectionCount = 0;

  const notify = () => {
    for (const waiter of [...waiters]) {
      if (messages.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(messages.slice());
      }
    }
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    // AUTH over plain text is fine on loopback, and lets tests check credentials from the URL.
    allowInsecureAuth: true,
    // Reverse DNS of 127.0.0.1 can hang for seconds on machines without a resolver.
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connectionCount++;
      callback();
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", () => {
        if (toFail > 0) {
          toFail--;
          const error = Object.assign(new Error("Temporary failure, try again later (test server)"), {
            responseCode: 451,
          });
          callback(error);
          return;
        }
        const parsed = parseMimeMessage(Buffer.concat(chunks));
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          ...parsed,
          from: mailFrom ? mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          ...(typeof session.user === "string" && session.user ? { user: session.user } : {}),
        });
        callback();
        notify();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get connectionCount() {
      return connectionCount;
    },
    waitFor(count, timeoutMs = 5_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const waiter = {
          count,
          resolve: (mails: ReceivedMail[]) => {
            clearTimeout(timer);
            resolve(mails);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(`SMTP test server: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A small MIME reader for what nodemailer writes: folded headers, RFC 2047 encoded words,
// multipart (nested) bodies, and quoted-printable / base64 / 7bit / 8bit parts. It works on
// "binary" (latin1) strings, one character per byte, so that 8-bit and encoded bytes are only
// turned into text once, with the part's own charset.

export interface ParsedMimeMessage {
  raw: string;
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/** Parses a whole message (as received over SMTP or read from an .eml file). */
export function parseMimeMessage(raw: Buffer | string): ParsedMimeMessage {
  const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  const entity = parseEntity(bytes.toString("latin1"));
  const headers = new Map<string, string>();
  for (const [name, value] of entity.headers) {
    if (!headers.has(name)) headers.set(name, latin1ToUtf8(value));
  }
  const found: { text?: string; html?: string } = {};
  collectTextParts(entity, found);
  return {
    raw: bytes.toString("utf8"),
    headers,
    subject: decodeEncodedWords(headers.get("subject") ?? ""),
    text: found.text ?? "",
    html: found.html ?? "",
  };
}

interface MimeEntity {
  headers: [name: string, value: string][];
  body: string;
}

function parseEntity(source: string): MimeEntity {
  const separator = /\r?\n\r?\n/.exec(source);
  const headerBlock = separator ? source.slice(0, separator.index) : source;
  const body = separator ? source.slice(separator.index + separator[0].length) : "";
  return { headers: parseHeaders(headerBlock), body };
}

function parseHeaders(block: string): [string, string][] {
  const headers: [string, string][] = [];
  // Unfolding (RFC 5322 §2.2.3) removes the line break before continuation whitespace.
  const unfolded = block.replace(/\r?\n(?=[ \t])/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

function headerOf(entity: MimeEntity, name: string): string | undefined {
  return entity.headers.find(([key]) => key === name)?.[1];
}

/** `text/plain; charset="utf-8"` → { type: "text/plain", params: { charset: "utf-8" } }. */
export function parseHeaderParams(value: string): { type: string; params: Map<string, string> } {
  const [type = "", ...rest] = splitOutsideQuotes(value, ";");
  const params = new Map<string, string>();
  for (const part of rest) {
    const equals = part.indexOf("=");
    if (equals <= 0) continue;
    const key = part.slice(0, equals).trim().toLowerCase();
    let paramValue = part.slice(equals + 1).trim();
    if (paramValue.startsWith('"') && paramValue.endsWith('"') && paramValue.length >= 2) {
      paramValue = paramValue.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    params.set(key, paramValue);
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitOutsideQuotes(value: string, delimiter: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\" && quoted && i + 1 < value.length) {
      current += char + value[i + 1];
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === delimiter && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The body parts between `--boundary` delimiter lines, without preamble and epilogue. */
function splitMultipart(body: string, boundary: string): string[] {
  // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, "g");
  const parts: string[] = [];
  let start: number | undefined;
  for (const match of body.matchAll(delimiter)) {
    if (start !== undefined) parts.push(body.slice(start, match.index));
    if (match[1] === "--") return parts;
    const lineEnd = /^\r?\n/.exec(body.slice(match.index + match[0].length));
    start = match.index + match[0].length + (lineEnd ? lineEnd[0].length : 0);
  }
  // A message cut short before its closing delimiter: keep what arrived.
  if (start !== undefined) parts.push(body.slice(start));
  return parts;
}

function collectTextParts(entity: MimeEntity, found: { text?: string; html?: string }): void {
  const { type, params } = parseHeaderParams(headerOf(entity, "content-type") ?? "text/plain; charset=us-ascii");
  if (type.startsWith("multipart/")) {
    const boundary = params.get("boundary");
    if (!boundary) return;
    for (const part of splitMultipart(entity.body, boundary)) collectTextParts(parseEntity(part), found);
    return;
  }
  const disposition = parseHeaderParams(headerOf(entity, "content-disposition") ?? "inline").type;
  if (disposition === "attachment") return;
  const key = type === "text/plain" ? "text" : type === "text/html" ? "html" : undefined;
  if (!key || found[key] !== undefined) return;
  const bytes = decodeTransfer(entity.body, (headerOf(entity, "content-transfer-encoding") ?? "7bit").toLowerCase());
  found[key] = decodeCharset(bytes, params.get("charset") ?? "us-ascii").replace(/\r\n?/g, "\n");
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === "base64") return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  return Buffer.from(body, "latin1");
}

/** RFC 2045 §6.7 over a latin1 string: soft breaks removed, =XX turned into bytes. */
export function decodeQuotedPrintable(body: string): Buffer {
  const text = body
    // Whitespace at the end of an encoded line was added in transport; real spaces are =20.
    .replace(/[ \t]+(?=\r?\n|$)/g, "")
    .replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const hex = char === "=" ? text.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // A lone "=" is kept as is, the robust reading RFC 2045 suggests.
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  const label = charset.toLowerCase() === "us-ascii" ? "utf-8" : charset;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function latin1ToUtf8(value: string): string {
  // Headers are ASCII unless the sender used SMTPUTF8; then the bytes are UTF-8.
  return /[\u0080-\uffff]/.test(value) ? Buffer.from(value, "latin1").toString("utf8") : value;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** RFC 2047: `=?UTF-8?Q?caf=C3=A9?=` → `café`; whitespace between adjacent encoded words goes. */
export function decodeEncodedWords(value: string): string {
  let result = "";
  let last = 0;
  // Bytes of adjacent encoded words are joined before decoding: a character may be split across them.
  let pending: { charset: string; bytes: number[] } | undefined;
  const flush = () => {
    if (pending) result += decodeCharset(Uint8Array.from(pending.bytes), pending.charset.replace(/\*.*$/, ""));
    pending = undefined;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const [, charset = "utf-8", encoding = "Q", payload = ""] = match;
    if (pending === undefined || !/^[ \t]*$/.test(between)) {
      flush();
      result += between;
    } else if (pending.charset.toLowerCase() !== charset.toLowerCase()) {
      flush();
    }
    const bytes =
      encoding.toUpperCase() === "B"
        ? Buffer.from(payload, "base64")
        : decodeQuotedPrintable(payload.replace(/_/g, "=20"));
    pending ??= { charset, bytes: [] };
    pending.bytes.push(...bytes);
    last = match.index + match[0].length;
  }
  flush();
  return result + value.slice(last);
}
