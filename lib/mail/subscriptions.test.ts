import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { digestDeliveries, papers, subscriptions, trendingSnapshotRuns, trendingSnapshots, users } from "@/db/schema";
import { startSmtpTestServer, type SmtpTestServer } from "@/testing/smtp-test-server";
import { createMailer } from "./mailer";
import { resetEnvCache } from "../env";
import { testViewer } from "@/testing/viewers";
import {
  confirmSubscription,
  DELIVERY_LEASE_SECONDS,
  enqueueDigests,
  getUserSubscription,
  requestSubscription,
  sendDueDigests,
  setUserSubscription,
  subscribeSchema,
  unsubscribeByToken,
} from "./subscriptions";

const database = withTestDatabase();
let smtp: SmtpTestServer;
const DAY = "2026-11-20";
const now = new Date("2026-11-21T06:00:00Z");
let ipCounter = 0;
const ip = () => `203.0.113.${++ipCounter}`;

function linkFrom(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s"<>]*${path.replace("/", "\\/")}\\?token=[A-Za-z0-9_.-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
}
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

async function subscribeAndConfirm(email: string, frequency: "daily" | "weekly" = "daily") {
  const before = smtp.messages.length;
  await requestSubscription({ email, frequency }, ip(), now);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  expect(await confirmSubscription(tokenOf(linkFrom(mail!.text, "/subscriptions/confirm")), now)).toBe("confirmed");
}

const mailer = () =>
  createMailer({
    smtpUrl: smtp.url,
    from: "Paperboard <digest@paperboard.test>",
    outboxDir: "/nonexistent",
    log: () => {},
  });
const deliveriesFor = async (email: string) =>
  database
    .db()
    .select({
      status: digestDeliveries.status,
      attempts: digestDeliveries.attempts,
      lastError: digestDeliveries.lastError,
    })
    .from(digestDeliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, digestDeliveries.subscriptionId))
    .where(eq(subscriptions.email, email));
const receivedBy = (email: string) =>
  smtp.messages.filter((mail) => mail.to.includes(email) && mail.subject.includes("Trending"));

describe("e-mail digests", () => {
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    process.env.SMTP_URL = smtp.url;
    process.env.AUTH_SECRET = "s".repeat(40);
    process.env.SITE_URL = "https://papers.example.org";
    resetEnvCache();
    const inserted = await database
      .db()
      .insert(papers)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          arxivId: `2411.${String(i + 1).padStart(5, "0")}`,
          title: `Paper number ${i + 1} on $\\alpha$`,
          abstract: "An abstract. ".repeat(40),
          upvotes: 30 - i,
        })),
      )
      .returning({ id: papers.id });
    await database
      .db()
      .insert(trendingSnapshots)
      .values(
        inserted.map((paper, i) => ({ date: DAY, rank: i + 1, paperId: paper.id, score: 12 - i, votes24h: 12 - i })),
      );
    await database.db().insert(trendingSnapshotRuns).values({ date: DAY, papers: 12 });
  });
  afterAll(async () => {
    await smtp.close();
  });

  it("double opt-in: only a confirmation is sent until the signed link is followed", async () => {
    const before = smtp.messages.length;
    await requestSubscription({ email: "Pending@Example.org", frequency: "daily" }, ip(), now);
    const [confirmation] = (await smtp.waitFor(before + 1)).slice(before);
    expect(confirmation!.to).toEqual(["pending@example.org"]);
    expect(confirmation!.text).toContain("https://papers.example.org/subscriptions/confirm?token=");
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    await sendDueDigests({ mailer: mailer(), now });
    expect(receivedBy("pending@example.org")).toHaveLength(0);

    const token = tokenOf(linkFrom(confirmation!.text, "/subscriptions/confirm"));
    expect(await confirmSubscription(token, new Date(now.getTime() + 49 * 3600_000))).toBe("expired");
    expect(await confirmSubscription(`${token.slice(0, -4)}AAAA`, now)).toBe("invalid");
    expect(await confirmSubscription(token, now)).toBe("confirmed");
  });

  it("sends the period's top 10 with a text and an HTML part and RFC 8058 headers", async () => {
    await subscribeAndConfirm("reader@example.org");
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    const result = await sendDueDigests({ mailer: mailer(), now });
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [digest] = receivedBy("reader@example.org");
    expect(digest).toBeDefined();
    expect(digest!.text).toContain("1. Paper number 1 on \\alpha");
    expect(digest!.text).toContain("Paper number 10");
    expect(digest!.text).not.toContain("Paper number 11");
    expect(digest!.html).not.toMatch(/<script/i);
    expect(digest!.html).toContain("https://papers.example.org/papers/2411.00001");
    expect(digest!.headers.get("list-unsubscribe")).toMatch(
      /^<https:\/\/papers\.example\.org\/api\/unsubscribe\?token=.+>$/,
    );
    expect(digest!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(digest!.headers.get("message-id")).toMatch(/^<digest-2026-11-20-\d+@papers\.example\.org>$/);
    expect(await deliveriesFor("reader@example.org")).toEqual([{ status: "sent", attempts: 1, lastError: null }]);
  });

  it("unsubscribes in one click, at once, without sign-in", async () => {
    await subscribeAndConfirm("leaver@example.org");
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    await sendDueDigests({ mailer: mailer(), now });
    const [digest] = receivedBy("leaver@example.org");
    const oneClick = digest!.headers.get("list-unsubscribe")!.slice(1, -1);
    expect(await unsubscribeByToken(tokenOf(oneClick), now)).toBe(true);
    const [row] = await database.db().select().from(subscriptions).where(eq(subscriptions.email, "leaver@example.org"));
    expect(row?.status).toBe("unsubscribed");
    await enqueueDigests({ frequency: "daily", key: "2026-11-21" }, now);
    expect((await deliveriesFor("leaver@example.org")).length).toBe(1);
    expect(await unsubscribeByToken("forged.token", now)).toBe(false);
  });

  it("two senders at once: every subscriber gets the digest exactly once", async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `crowd${i}@example.org`);
    for (const email of emails) await subscribeAndConfirm(email);
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    await Promise.all([sendDueDigests({ mailer: mailer(), now }), sendDueDigests({ mailer: mailer(), now })]);
    for (const email of emails) expect(receivedBy(email), email).toHaveLength(1);
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    await sendDueDigests({ mailer: mailer(), now });
    for (const email of emails) expect(receivedBy(email), email).toHaveLength(1);
  });

  it("a sender killed after claiming, before sending: the lease expires and the digest goes out once", async () => {
    await subscribeAndConfirm("claimed@example.org");
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    // The dead sender's claim, as it left it.
    await database.db().execute(sql`
      update digest_deliveries set status = 'sending', attempts = 1, lease_until = ${now.toISOString()}::timestamptz + interval '10 minutes'
      where subscription_id = (select id from subscriptions where email = 'claimed@example.org')`);
    await sendDueDigests({ mailer: mailer(), now });
    expect(receivedBy("claimed@example.org")).toHaveLength(0); // the lease still holds
    await sendDueDigests({ mailer: mailer(), now: new Date(now.getTime() + (DELIVERY_LEASE_SECONDS + 1) * 1000) });
    expect(receivedBy("claimed@example.org")).toHaveLength(1);
  });

  it("a sender killed between sending and recording: the boundary SMTP leaves open, with one Message-ID", async () => {
    await subscribeAndConfirm("boundary@example.org");
    await enqueueDigests({ frequency: "daily", key: DAY }, now);
    const killed = sendDueDigests({
      mailer: mailer(),
      now,
      hooks: { afterSend: () => Promise.reject(new Error("killed after the 250 OK")) },
    });
    await expect(killed).rejects.toThrow("killed");
    expect(receivedBy("boundary@example.org")).toHaveLength(1);
    // Until the lease expires no one sends it again.
    await sendDueDigests({ mailer: mailer(), now: new Date(now.getTime() + 60_000) });
    expect(receivedBy("boundary@example.org")).toHaveLength(1);
    // After it, the message goes out again with the same Message-ID (docs/JOBS.md): the
    // recipient's mail system can recognise it as the same message.
    await sendDueDigests({ mailer: mailer(), now: new Date(now.getTime() + (DELIVERY_LEASE_SECONDS + 1) * 1000) });
    const copies = receivedBy("boundary@example.org");
    expect(copies).toHaveLength(2);
    expect(copies[0]!.headers.get("message-id")).toBe(copies[1]!.headers.get("message-id"));
    expect(await deliveriesFor("boundary@example.org")).toEqual([{ status: "sent", attempts: 2, lastError: null }]);
  });

  it("retries a failed send with back-off and records the failure", async () => {
    const flaky = await startSmtpTestServer({ failFirst: 1 });
    try {
      await subscribeAndConfirm("retry@example.org");
      await enqueueDigests({ frequency: "daily", key: DAY }, now);
      const flakyMailer = createMailer({
        smtpUrl: flaky.url,
        from: "Paperboard <digest@paperboard.test>",
        outboxDir: "/nonexistent",
        log: () => {},
      });
      const first = await sendDueDigests({ mailer: flakyMailer, now });
      expect(first.retried).toBe(1);
      const [row] = await deliveriesFor("retry@example.org");
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row!.lastError).toMatch(/451/);
      expect((await sendDueDigests({ mailer: flakyMailer, now: new Date(now.getTime() + 30_000) })).sent).toBe(0);
      expect((await sendDueDigests({ mailer: flakyMailer, now: new Date(now.getTime() + 61_000) })).sent).toBe(1);
      expect(flaky.messages.filter((mail) => mail.to.includes("retry@example.org"))).toHaveLength(1);
    } finally {
      await flaky.close();
    }
  });

  it("refuses header injection and rate-limits requests by IP and by address", async () => {
    for (const email of [
      "a@example.org\r\nBcc: victim@example.org",
      "a@example.org, b@example.org",
      "<a@example.org>",
      "not-an-address",
    ]) {
      expect(subscribeSchema.safeParse({ email, frequency: "daily" }).success, email).toBe(false);
    }
    const address = "popular@example.org";
    for (let i = 0; i < 3; i++) await requestSubscription({ email: address, frequency: "weekly" }, ip(), now);
    await expect(requestSubscription({ email: address, frequency: "weekly" }, ip(), now)).rejects.toMatchObject({
      status: 429,
    });
    const sameIp = "198.51.100.7";
    for (let i = 0; i < 10; i++)
      await requestSubscription({ email: `spray${i}@example.org`, frequency: "daily" }, sameIp, now);
    await expect(
      requestSubscription({ email: "spray10@example.org", frequency: "daily" }, sameIp, now),
    ).rejects.toMatchObject({
      status: 429,
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it("signed-in users subscribe in one click with their GitHub e-mail, and manage it", async () => {
    await database
      .db()
      .insert(users)
      .values([
        { id: "gh-user", githubLogin: "gh-user", email: "GH.User@Example.org", emailVerified: now },
        { id: "no-mail", githubLogin: "no-mail" },
      ]);
    const viewer = (id: string) => testViewer(id);
    const before = smtp.messages.length;
    expect(await setUserSubscription(viewer("gh-user"), "weekly", "192.0.2.50", now)).toBe("active");
    expect((await getUserSubscription(viewer("gh-user"))).subscription).toMatchObject({
      email: "gh.user@example.org",
      status: "active",
      frequency: "weekly",
    });
    expect(smtp.messages.length).toBe(before); // GitHub verified the address: no confirmation mail
    await setUserSubscription(viewer("gh-user"), "daily", "192.0.2.50", now);
    expect((await getUserSubscription(viewer("gh-user"))).subscription?.frequency).toBe("daily");
    await setUserSubscription(viewer("gh-user"), null, "192.0.2.50", now);
    expect((await getUserSubscription(viewer("gh-user"))).subscription?.status).toBe("unsubscribed");
    await expect(setUserSubscription(viewer("no-mail"), "daily", "192.0.2.50", now)).rejects.toMatchObject({
      status: 409,
    });
    await expect(setUserSubscription(null, "daily", "192.0.2.50", now)).rejects.toMatchObject({ status: 401 });
  });

  it("an address GitHub has not verified gets the confirmation mail, not an active subscription", async () => {
    await database.db().insert(users).values({
      id: "gh-unverified",
      githubLogin: "gh-unverified",
      email: "unverified-claim@example.org",
      emailVerified: null,
    });
    const before = smtp.messages.length;
    expect(await setUserSubscription(testViewer("gh-unverified"), "weekly", "192.0.2.51", now)).toBe(
      "confirmation_sent",
    );
    const { subscription } = await getUserSubscription(testViewer("gh-unverified"));
    expect(subscription?.status).toBe("pending");
    const [confirmation] = (await smtp.waitFor(before + 1)).slice(before);
    expect(confirmation!.to).toContain("unverified-claim@example.org");
    expect(confirmation!.text).toContain("/subscriptions/confirm?token=");
  });
});
