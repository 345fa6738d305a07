import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { z } from "zod";

/**
 * Outgoing e-mail (digests, subscription confirmations). With an SMTP URL it speaks SMTP;
 * without one (the offline demo) it writes each message as an .eml file a mail client can
 * open, so the whole flow can be tried without a mail server. Every message is validated
 * first: the recipient, subject and headers come partly from user input, and a CR or LF in
 * any of them would let that input add headers (Bcc:) or a body of its own.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /**
   * A stable Message-ID (`<local@domain>`, brackets optional). The digest job derives one per
   * (subscriber, period) so that a retried send is recognisable as the same message.
   */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
  transport: "smtp" | "file";
  /** The .eml file written, for the file transport. */
  path?: string;
}

export interface MailerConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered), smtps://… (implicit TLS). */
  smtpUrl?: string;
  /** The From header, e.g. `Paperboard <digest@example.org>`. */
  from: string;
  /** Where the file transport writes messages when there is no smtpUrl. */
  outboxDir: string;
  log?: (line: string) => void;
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  close(): Promise<void>;
}

/**
 * - `invalid-message`: the message was refused before anything was sent (`field` names it).
 * - `invalid-config`: the mailer configuration is unusable.
 * - `temporary`: the server said 4xx or the connection failed; sending again later may work.
 * - `permanent`: the server refused with 5xx (bad recipient, authentication failed …).
 * - `closed`: send() after close().
 */
export type MailErrorKind = "invalid-message" | "invalid-config" | "temporary" | "permanent" | "closed";

export class MailError extends Error {
  constructor(
    public readonly kind: MailErrorKind,
    message: string,
    public readonly details: { field?: string; responseCode?: number; code?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MailError";
  }

  /** Whether the same message may succeed if sent again later. */
  get retryable(): boolean {
    return this.kind === "temporary";
  }
}

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 20_000;

// RFC 7230 token characters: a stricter subset of what RFC 5322 allows in a field name.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Any C0 control except TAB, and DEL: CR and LF are the injection risk, the rest are never legitimate.
const CONTROL_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const LINE_BREAK = /[\r\n]/;

// Headers the mailer writes itself; letting a caller set them would create duplicates or
// change the message structure behind nodemailer's back.
const RESERVED_HEADERS = new Set([
  "from",
  "sender",
  "to",
  "cc",
  "bcc",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "content-disposition",
]);

const recipientSchema = z
  .string()
  .min(1, "is required")
  .max(254, "must be at most 254 characters")
  .refine((value) => !LINE_BREAK.test(value), "must not contain line breaks")
  .refine(
    (value) => !/[,;<>]/.test(value),
    "must be a single bare address (no display name, angle brackets, commas or semicolons)",
  )
  .refine((value) => !/\s/.test(value), "must not contain spaces")
  .pipe(z.email("must be an e-mail address like reader@example.org"));

const headerValueSchema = z
  .string()
  .max(900, "must be at most 900 characters")
  .refine((value) => !LINE_BREAK.test(value), "must not contain line breaks")
  .refine((value) => !CONTROL_CHARS.test(value), "must not contain control characters");

const messageSchema = z.object({
  to: recipientSchema,
  subject: z
    .string()
    .min(1, "is required")
    .max(900, "must be at most 900 characters")
    .refine((value) => !LINE_BREAK.test(value), "must not contain line breaks")
    .refine((value) => !CONTROL_CHARS.test(value), "must not contain control characters"),
  text: z.string(),
  html: z.string(),
  headers: z
    .record(z.string(), headerValueSchema)
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (!HEADER_NAME.test(name)) {
          ctx.addIssue({ code: "custom", path: [name], message: "is not a valid header name (token characters only)" });
        } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is set by the mailer and cannot be given as a header (use `to`, `subject` or `messageId`)",
          });
        }
      }
    })
    .optional(),
  messageId: z
    .string()
    .regex(
      /^<?[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>?$/,
      "must look like <id@domain> (printable ASCII, no spaces)",
    )
    .max(250, "must be at most 250 characters")
    // Bracketed here rather than by nodemailer, so that SentMail.messageId matches the header.
    .transform((value) => `<${value.replace(/^<|>$/g, "")}>`)
    .optional(),
});

function fieldName(pathParts: readonly PropertyKey[]): string {
  const [first, second] = pathParts.map(String);
  if (first !== "headers" || second === undefined) return first ?? "message";
  // A hostile header name is quoted so that it cannot put a line break into logs.
  return `header ${HEADER_NAME.test(second) ? second : JSON.stringify(second)}`;
}

/** The message as it will be sent, or a MailError naming the first wrong field. */
export function validateMailMessage(message: MailMessage): MailMessage {
  const result = messageSchema.safeParse(message);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? fieldName(issue.path) : "message";
  throw new MailError("invalid-message", `Refused to send e-mail: ${field} ${issue?.message ?? "is invalid"}.`, {
    field,
  });
}

interface SmtpOptions {
  host: string;
  port?: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** The SMTP URL as transport options; the error never repeats the URL, which may hold a password. */
function parseSmtpUrl(smtpUrl: string): SmtpOptions {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new MailError(
      "invalid-config",
      "The SMTP URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://…).",
    );
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new MailError("invalid-config", `The SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//.`);
  }
  if (!url.hostname) throw new MailError("invalid-config", "The SMTP URL has no host.");
  let auth: SmtpOptions["auth"];
  try {
    if (url.username || url.password) {
      auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    }
  } catch {
    throw new MailError("invalid-config", "The SMTP URL's user name or password is wrongly percent-encoded.");
  }
  // WHATWG URLs keep IPv6 brackets in hostname; net.connect wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port: url.port ? Number(url.port) : undefined, secure: url.protocol === "smtps:", auth };
}

/** What a failed SMTP send means for the caller: retry later, or give up on this message. */
function sendFailure(error: unknown): MailError {
  const { responseCode, code, message } = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const status = typeof responseCode === "number" ? responseCode : undefined;
  const errorCode = typeof code === "string" ? code : undefined;
  // No SMTP status means the conversation never finished (refused, reset, timed out, DNS):
  // a mail server being down is the textbook temporary failure.
  const kind: MailErrorKind = status !== undefined && status >= 500 ? "permanent" : "temporary";
  const text = typeof message === "string" ? message : String(error);
  return new MailError(
    kind,
    `Sending e-mail failed (${kind}): ${text}`,
    { responseCode: status, code: errorCode },
    { cause: error },
  );
}

/** A file-name-safe form of the address: `ada.lovelace@example.org` → `ada.lovelace_at_example.org`. */
function safeRecipient(address: string): string {
  return (
    address
      .toLowerCase()
      .replace("@", "_at_")
      .replace(/[^a-z0-9._-]+/g, "_")
      .replace(/^[.]+/, "")
      .slice(0, 100) || "recipient"
  );
}

async function writeUniqueFile(dir: string, base: string, contents: Buffer): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const file = path.join(dir, attempt === 0 ? `${base}.eml` : `${base}-${attempt}.eml`);
    try {
      // "wx": two messages to one reader in the same millisecond must not overwrite each other.
      await writeFile(file, contents, { flag: "wx" });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}

export function createMailer(config: MailerConfig): Mailer {
  if (!config.from.trim() || LINE_BREAK.test(config.from)) {
    throw new MailError("invalid-config", "The From address must be non-empty and on one line.", { field: "from" });
  }
  const log = config.log ?? ((line: string) => console.log(line));
  const smtpUrl = config.smtpUrl?.trim() || undefined;
  let closed = false;

  const mailOptions = (message: MailMessage): Mail.Options => ({
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    messageId: message.messageId,
  });

  if (smtpUrl) {
    const smtp = parseSmtpUrl(smtpUrl);
    // No `pool`: one connection per message. Digests go out from a job, and a pooled
    // connection the server dropped while idle would fail the next send for no reason of its own.
    const options: SMTPTransport.Options = {
      ...smtp,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    };
    const transport = nodemailer.createTransport(options);
    return {
      async send(message) {
        if (closed) throw new MailError("closed", "The mailer is closed.");
        const valid = validateMailMessage(message);
        let info: SMTPTransport.SentMessageInfo;
        try {
          info = await transport.sendMail(mailOptions(valid));
        } catch (error) {
          throw sendFailure(error);
        }
        return { messageId: info.messageId, transport: "smtp" };
      },
      async close() {
        closed = true;
        transport.close();
      },
    };
  }

  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    async send(message) {
      if (closed) throw new MailError("closed", "The mailer is closed.");
      const valid = validateMailMessage(message);
      const info = await transport.sendMail(mailOptions(valid));
      if (!Buffer.isBuffer(info.message))
        throw new Error("nodemailer's stream transport returned a stream despite buffer: true");
      await mkdir(config.outboxDir, { recursive: true });
      const timestamp = new Date().toISOString().replace(/[:.]/g, "-");
      const file = await writeUniqueFile(config.outboxDir, `${timestamp}-${safeRecipient(valid.to)}`, info.message);
      log(`[mail] no SMTP server configured; wrote ${file}`);
      return { messageId: info.messageId, transport: "file", path: file };
    },
    async close() {
      closed = true;
      transport.close();
    },
  };
}
