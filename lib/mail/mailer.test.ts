import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailer, MailError, type MailMessage } from "./mailer";
import { parseMimeMessage, type SmtpTestServer, startSmtpTestServer } from "@/testing/smtp-test-server";

const FROM = "Paperboard <digest@paperboard.test>";
const UNSUBSCRIBE = `<https://paperboard.test/unsubscribe?token=${"a1b2c3d4".repeat(12)}>`;

function message(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: "ada@example.com",
    subject: "Trending papers for 27 Nov 2026 \u00b7 Paperboard",
    text: "1. Mamba: Linear-Time Sequence Modeling\n   Gu, Dao\n   https://paperboard.test/papers/2312.00752\n",
    html: '<p>1. <a href="https://paperboard.test/papers/2312.00752">Mamba: Linear-Time Sequence Modeling</a> \u2014 caf\u00e9 &amp; \u201cquotes\u201d</p>',
    headers: {
      "List-Unsubscribe": UNSUBSCRIBE,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    ...overrides,
  };
}

/** The rejection as a MailError, failing the test if the promise resolves or throws something else. */
async function mailFailure(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe("createMailer over SMTP", () => {
  let server: SmtpTestServer;

  beforeAll(async () => {
    server = await startSmtpTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.messages.length = 0;
  });

  it("delivers the text and HTML parts, the subject and the envelope", async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent", log: () => {} });
    const sent = await mailer.send(message());
    await mailer.close();

    expect(sent.transport).toBe("smtp");
    expect(sent.path).toBeUndefined();
    const [mail] = await server.waitFor(1);
    expect(mail!.from).toBe("digest@paperboard.test");
    expect(mail!.to).toEqual(["ada@example.com"]);
    expect(mail!.subject).toBe("Trending papers for 27 Nov 2026 \u00b7 Paperboard");
    expect(mail!.headers.get("from")).toBe(FROM);
    expect(mail!.headers.get("to")).toBe("ada@example.com");
    expect(mail!.headers.get("content-type")).toMatch(/^multipart\/alternative;/);
    expect(mail!.text).toBe(message().text);
    expect(mail!.html).toBe(message().html);
    expect(mail!.headers.get("message-id")).toBe(sent.messageId);
  });

  it("keeps List-Unsubscribe and List-Unsubscribe-Post intact, even when folded", async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent" });
    await mailer.send(message());
    const [mail] = await server.waitFor(1);
    expect(mail!.headers.get("list-unsubscribe")).toBe(UNSUBSCRIBE);
    expect(mail!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("uses the Message-ID the caller gives, with or without angle brackets", async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent" });
    const first = await mailer.send(message({ messageId: "<digest-daily-2026-11-27-42@paperboard.test>" }));
    const second = await mailer.send(message({ messageId: "digest-weekly-2026-w48-42@paperboard.test" }));
    const mails = await server.waitFor(2);
    expect(first.messageId).toBe("<digest-daily-2026-11-27-42@paperboard.test>");
    expect(mails[0]!.headers.get("message-id")).toBe("<digest-daily-2026-11-27-42@paperboard.test>");
    expect(second.messageId).toBe("<digest-weekly-2026-w48-42@paperboard.test>");
    expect(mails[1]!.headers.get("message-id")).toBe("<digest-weekly-2026-w48-42@paperboard.test>");
  });

  it("logs in with the user name and password from the URL, percent-decoded", async () => {
    const url = server.url.replace("smtp://", "smtp://digest%40paperboard.test:p%3Ass%2Fw0rd@");
    const mailer = createMailer({ smtpUrl: url, from: FROM, outboxDir: "/nonexistent" });
    await mailer.send(message());
    const [mail] = await server.waitFor(1);
    expect(mail!.user).toBe("digest@paperboard.test");
  });

  it("reports a 451 as a retryable error, and the retry goes through", async () => {
    const flaky = await startSmtpTestServer({ failFirst: 1 });
    try {
      const mailer = createMailer({ smtpUrl: flaky.url, from: FROM, outboxDir: "/nonexistent" });
      const error = await mailFailure(mailer.send(message({ messageId: "<retry-1@paperboard.test>" })));
      expect(error.kind).toBe("temporary");
      expect(error.retryable).toBe(true);
      expect(error.details.responseCode).toBe(451);
      expect(flaky.messages).toHaveLength(0);

      const sent = await mailer.send(message({ messageId: "<retry-1@paperboard.test>" }));
      const [mail] = await flaky.waitFor(1);
      expect(sent.messageId).toBe("<retry-1@paperboard.test>");
      expect(mail!.headers.get("message-id")).toBe("<retry-1@paperboard.test>");
    } finally {
      await flaky.close();
    }
  });

  it("reports an unreachable server as a retryable error", async () => {
    const gone = await startSmtpTestServer();
    await gone.close();
    const mailer = createMailer({ smtpUrl: gone.url, from: FROM, outboxDir: "/nonexistent" });
    const error = await mailFailure(mailer.send(message()));
    expect(error.kind).toBe("temporary");
    expect(error.retryable).toBe(true);
    expect(error.details.responseCode).toBeUndefined();
  });

  it("refuses to send after close()", async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent" });
    await mailer.close();
    expect((await mailFailure(mailer.send(message()))).kind).toBe("closed");
  });
});

describe("createMailer without SMTP (file transport)", () => {
  let outbox: string;

  beforeEach(async () => {
    outbox = await mkdtemp(path.join(os.tmpdir(), "paperboard-outbox-"));
  });

  afterEach(async () => {
    await rm(outbox, { recursive: true, force: true });
  });

  it("writes a complete .eml file, creates the folder and logs its path", async () => {
    const dir = path.join(outbox, "nested", "outbox");
    const lines: string[] = [];
    const mailer = createMailer({ from: FROM, outboxDir: dir, log: (line) => lines.push(line) });
    const sent = await mailer.send(
      message({ to: "Ada.Lovelace+digest@example.com", messageId: "<file-1@paperboard.test>" }),
    );
    await mailer.close();

    expect(sent.transport).toBe("file");
    expect(sent.messageId).toBe("<file-1@paperboard.test>");
    expect(path.dirname(sent.path!)).toBe(dir);
    expect(path.basename(sent.path!)).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-ada\.lovelace_digest_at_example\.com\.eml$/,
    );
    expect(await readdir(dir)).toEqual([path.basename(sent.path!)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(sent.path!);

    const raw = await readFile(sent.path!);
    // RFC 5322 line endings, so the file opens the same in every mail client.
    expect(raw.toString("latin1")).not.toMatch(/[^\r]\n/);
    const mail = parseMimeMessage(raw);
    expect(mail.headers.get("to")).toBe("Ada.Lovelace+digest@example.com");
    expect(mail.headers.get("from")).toBe(FROM);
    expect(mail.headers.get("date")).toBeTruthy();
    expect(mail.headers.get("mime-version")).toBe("1.0");
    expect(mail.headers.get("message-id")).toBe("<file-1@paperboard.test>");
    expect(mail.headers.get("list-unsubscribe")).toBe(UNSUBSCRIBE);
    expect(mail.subject).toBe(message().subject);
    expect(mail.text).toBe(message().text);
    expect(mail.html).toBe(message().html);
  });

  it("never overwrites: two messages to one reader make two files", async () => {
    const mailer = createMailer({ from: FROM, outboxDir: outbox, log: () => {} });
    const [a, b, c] = await Promise.all([mailer.send(message()), mailer.send(message()), mailer.send(message())]);
    expect(new Set([a!.path, b!.path, c!.path]).size).toBe(3);
    expect(await readdir(outbox)).toHaveLength(3);
  });
});

describe("validation before sending", () => {
  let server: SmtpTestServer;

  beforeAll(async () => {
    server = await startSmtpTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const refused: [string, Partial<MailMessage>, string][] = [
    ["a recipient with a CRLF and an extra header", { to: "ada@example.com\r\nBcc: eve@evil.test" }, "to"],
    ["a recipient with a bare LF", { to: "ada@example.com\nbcc:eve@evil.test" }, "to"],
    ["two recipients", { to: "ada@example.com, eve@evil.test" }, "to"],
    ["two recipients with a semicolon", { to: "ada@example.com;eve@evil.test" }, "to"],
    ["a display name", { to: "Ada <ada@example.com>" }, "to"],
    ["angle brackets", { to: "<ada@example.com>" }, "to"],
    ["no address at all", { to: "ada" }, "to"],
    ["an empty recipient", { to: "" }, "to"],
    ["a recipient over 254 characters", { to: `${"a".repeat(64)}@${"b".repeat(186)}.com` }, "to"],
    ["a subject with CRLF", { subject: "Digest\r\nBcc: eve@evil.test" }, "subject"],
    ["a subject with a bare CR", { subject: "Digest\rBcc: eve@evil.test" }, "subject"],
    [
      "a header value with LF",
      { headers: { "List-Unsubscribe": "<https://x.test/u>\nBcc: eve@evil.test" } },
      "header List-Unsubscribe",
    ],
    ["a header name with a space", { headers: { "X-Bad Name": "1" } }, 'header "X-Bad Name"'],
    ["a header name with a colon", { headers: { "X-Evil:Bcc": "1" } }, 'header "X-Evil:Bcc"'],
    ["a header name with CRLF", { headers: { "X-A\r\nBcc": "eve@evil.test" } }, 'header "X-A\\r\\nBcc"'],
    ["a Bcc header", { headers: { Bcc: "eve@evil.test" } }, "header Bcc"],
    ["a Content-Type header", { headers: { "content-type": "text/html" } }, "header content-type"],
    ["a Message-ID with CRLF", { messageId: "<a@b.test>\r\nBcc: eve@evil.test" }, "messageId"],
    ["a Message-ID without a domain", { messageId: "<digest-1>" }, "messageId"],
  ];

  it.each(refused)("refuses %s before connecting", async (_name, overrides, field) => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent" });
    const error = await mailFailure(mailer.send(message(overrides)));
    expect(error.kind).toBe("invalid-message");
    expect(error.retryable).toBe(false);
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(server.connectionCount).toBe(0);
    expect(server.messages).toHaveLength(0);
  });

  it("refuses before writing a file, too", async () => {
    const outbox = await mkdtemp(path.join(os.tmpdir(), "paperboard-outbox-"));
    try {
      const mailer = createMailer({ from: FROM, outboxDir: outbox, log: () => {} });
      await mailFailure(mailer.send(message({ subject: "x\r\nBcc: eve@evil.test" })));
      expect(await readdir(outbox)).toEqual([]);
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });

  it("accepts ordinary addresses", async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM, outboxDir: "/nonexistent" });
    await mailer.send(message({ to: "first.last+tag@sub.example.co.uk" }));
    const [mail] = await server.waitFor(1);
    expect(mail!.to).toEqual(["first.last+tag@sub.example.co.uk"]);
  });
});

describe("mailer configuration", () => {
  it("refuses a URL that is not smtp:// or smtps://, without echoing credentials", () => {
    for (const smtpUrl of ["http://user:hunter2@mail.test", "not a url", "smtp://"]) {
      let error: unknown;
      try {
        createMailer({ smtpUrl, from: FROM, outboxDir: "/nonexistent" });
      } catch (caught) {
        error = caught;
      }
      expect(error, smtpUrl).toBeInstanceOf(MailError);
      expect((error as MailError).kind).toBe("invalid-config");
      expect((error as MailError).message).not.toContain("hunter2");
    }
  });

  it("refuses a From address spanning lines", () => {
    expect(() => createMailer({ from: "a@b.test\r\nBcc: eve@evil.test", outboxDir: "/nonexistent" })).toThrow(
      MailError,
    );
  });

  it("treats an empty smtpUrl as no SMTP (the file transport)", async () => {
    const outbox = await mkdtemp(path.join(os.tmpdir(), "paperboard-outbox-"));
    try {
      const mailer = createMailer({ smtpUrl: "  ", from: FROM, outboxDir: outbox, log: () => {} });
      expect((await mailer.send(message())).transport).toBe("file");
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });
});
