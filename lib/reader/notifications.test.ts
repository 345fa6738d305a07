import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import {
  authorFollows,
  categoryFollows,
  notificationEmailDeliveries,
  notificationFanouts,
  notifications,
  paperFollows,
  papers,
  users,
} from "@/db/schema";
import { testViewer } from "@/testing/viewers";
import { startSmtpTestServer, type SmtpTestServer } from "@/testing/smtp-test-server";
import { createMailer } from "../mail/mailer";
import { resetEnvCache } from "../env";
import { createComment, deleteComment, editComment } from "../discussion/comments";
import { setCommentHidden, setUserBanned } from "../moderation/moderation";
import { upsertArxivPaper } from "../intake/arxiv-ingest";
import type { ArxivPaper } from "../intake/arxiv-client";
import {
  countUnread,
  fanOutNewPapers,
  listNotifications,
  markNotificationsRead,
  markReadSchema,
  openNotification,
  setMuted,
} from "./notifications";
import {
  getEmailPreferences,
  queueNotificationEmails,
  readUnsubscribeToken,
  sendDueNotificationEmails,
  setEmailPreferences,
  unsubscribeNotificationsByToken,
} from "./notification-mail";
import type { Viewer } from "../identity/viewer";

const database = withTestDatabase();
const as = (id: string, role: Viewer["role"] = "user"): Viewer => testViewer(id, role);
const PAPER = "2402.00001";
let paperId = 0;
let clock = new Date("2026-12-01T10:00:00Z").getTime();
/** Each write a minute after the last: comment rate limits are tested elsewhere. */
const tick = () => new Date((clock += 60_000));

/**
 * Follow rows are written straight into the tables here: following itself (the UI and API)
 * is another part of issue #18. After merging, these two helpers can call lib/reader/follows.ts.
 */
async function followAuthorForTest(userId: string, authorName: string) {
  await database.db().insert(authorFollows).values({ userId, authorName }).onConflictDoNothing();
}
async function followCategoryForTest(userId: string, category: string) {
  await database.db().insert(categoryFollows).values({ userId, category }).onConflictDoNothing();
}
async function followDiscussionForTest(userId: string, id = paperId, following = true) {
  await database
    .db()
    .insert(paperFollows)
    .values({ userId, paperId: id, following })
    .onConflictDoUpdate({ target: [paperFollows.userId, paperFollows.paperId], set: { following } });
}

async function inbox(userId: string) {
  return database.db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);
}

async function resetNotifications() {
  await database
    .db()
    .execute(
      sql`delete from notifications; delete from paper_follows; delete from user_mutes; delete from notification_fanouts; delete from notification_email_deliveries; delete from notification_email_preferences`,
    );
}

function arxivPaper(arxivId: string, authors: string[], categories: string[]): ArxivPaper {
  return {
    arxivId,
    version: 1,
    title: `Paper ${arxivId}`,
    abstract: "An abstract.",
    authors,
    publishedOn: "2026-12-01",
    updatedAt: "2026-12-01T00:00:00Z",
    categories,
    absUrl: `https://arxiv.org/abs/${arxivId}`,
    pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
    comment: null,
    journalRef: null,
    doi: null,
    withdrawn: false,
  };
}

async function ingest(paper: ArxivPaper) {
  return database.db().transaction((tx) => upsertArxivPaper(tx, paper));
}

describe("notifications", () => {
  beforeAll(async () => {
    const old = new Date("2025-01-01T00:00:00Z");
    await database
      .db()
      .insert(users)
      .values(
        ["alice", "bob", "carol", "dave", "erin", "Mixed-Case"].map((id) => ({
          id,
          githubLogin: id,
          createdAt: old,
          githubCreatedAt: old,
        })),
      );
    await database
      .db()
      .insert(users)
      .values({ id: "mod", githubLogin: "mod", role: "moderator", createdAt: old, githubCreatedAt: old });
    const [paper] = await database
      .db()
      .insert(papers)
      .values({ arxivId: PAPER, title: "The discussed paper" })
      .returning({ id: papers.id });
    paperId = paper!.id;
  });
  beforeEach(resetNotifications);

  it("a reply notifies the parent's author, once, linking to the exact comment; replying to oneself notifies nobody", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "A question." }, tick());
    const reply = await createComment(as("bob"), PAPER, { body: "An answer.", parentId: root.id }, tick());
    const followUp = await createComment(
      as("alice"),
      PAPER,
      { body: "Thanks, and a follow-up to myself.", parentId: root.id },
      tick(),
    );
    const rows = await inbox("alice");
    expect(rows.map((row) => [row.kind, row.commentId, row.actorId])).toEqual([["reply", reply.id, "bob"]]);
    // Bob follows the discussion since he commented (lib/reader/follows.ts): alice's follow-up is news to him.
    expect((await inbox("bob")).map((row) => [row.kind, row.commentId])).toEqual([["discussion", followUp.id]]);
    const page = await listNotifications(as("alice"), { limit: 10, offset: 0, unread: false });
    expect(page.unreadCount).toBe(1);
    expect(page.items[0]).toMatchObject({
      kind: "reply",
      read: false,
      actor: "bob",
      url: `/papers/${PAPER}?comment=${reply.id}#comment-${reply.id}`,
    });
    expect(page.items[0]!.text).toContain("@bob replied to your comment");
  });

  it("a comment on a followed discussion notifies its followers but not its author nor those who unfollowed; a reply wins over it", async () => {
    await followDiscussionForTest("alice");
    await followDiscussionForTest("carol");
    await followDiscussionForTest("dave", paperId, false);
    const first = await createComment(as("alice"), PAPER, { body: "Opening the discussion." }, tick());
    expect((await inbox("carol")).map((row) => row.kind)).toEqual(["discussion"]);
    expect(await inbox("alice")).toEqual([]);
    expect(await inbox("dave")).toEqual([]);
    // alice follows and is replied to: one notification, the reply.
    const reply = await createComment(as("carol"), PAPER, { body: "A reply.", parentId: first.id }, tick());
    const alices = await inbox("alice");
    expect(alices.map((row) => [row.kind, row.commentId])).toEqual([["reply", reply.id]]);
  });

  it("an @mention links existing logins only, outside code, and notifies once (mention beats discussion)", async () => {
    await followDiscussionForTest("carol");
    const comment = await createComment(
      as("alice"),
      PAPER,
      { body: "cc @carol and @mixed-case, not @nobody-here, not `@dave`, not mail@bob, [@erin](https://example.org)" },
      tick(),
    );
    expect(comment.html).toContain('<a href="/u/carol" class="mention">@carol</a>');
    expect(comment.html).toContain('<a href="/u/Mixed-Case" class="mention">@Mixed-Case</a>');
    expect(comment.html).not.toContain("/u/nobody-here");
    expect(comment.html).toContain("<code>@dave</code>");
    expect(comment.html).not.toContain("/u/bob");
    expect(comment.html).not.toContain("/u/erin");
    expect((await inbox("carol")).map((row) => row.kind)).toEqual(["mention"]);
    expect((await inbox("Mixed-Case")).map((row) => row.kind)).toEqual(["mention"]);
    for (const id of ["dave", "bob", "erin", "alice"]) expect(await inbox(id), id).toEqual([]);
    // An edit that adds a mention notifies the newly mentioned, and nobody twice.
    await editComment(as("alice"), comment.id, { body: "cc @carol and @dave" }, tick());
    expect((await inbox("dave")).map((row) => row.kind)).toEqual(["mention"]);
    expect(await inbox("carol")).toHaveLength(1);
  });

  it("hostile markup around a mention stays inert", async () => {
    const comment = await createComment(
      as("alice"),
      PAPER,
      { body: '<img src=x onerror=alert(1)>@carol<script>alert(1)</script> "@carol"' },
      tick(),
    );
    expect(comment.html).not.toMatch(/<img|<script/i);
    expect(comment.html).toContain("&#x3C;img");
    expect(comment.html).toContain('<a href="/u/carol" class="mention">@carol</a>');
  });

  it("deleting or hiding a comment withdraws its unread notifications; read ones stay", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "Root." }, tick());
    await followDiscussionForTest("carol");
    await followDiscussionForTest("dave");
    const doomed = await createComment(as("bob"), PAPER, { body: "Soon deleted.", parentId: root.id }, tick());
    const [carols] = await inbox("carol");
    await markNotificationsRead(as("carol"), { ids: [carols!.id] });
    await deleteComment(as("bob"), doomed.id);
    expect(await inbox("alice")).toEqual([]);
    expect(await inbox("dave")).toEqual([]);
    expect(await inbox("carol")).toHaveLength(1);

    const hidden = await createComment(as("bob"), PAPER, { body: "Soon hidden @erin", parentId: root.id }, tick());
    expect(await inbox("erin")).toHaveLength(1);
    await setCommentHidden(as("mod", "moderator"), hidden.id, true, "off-topic");
    expect(await inbox("erin")).toEqual([]);
    expect((await inbox("alice")).filter((row) => row.commentId === hidden.id)).toEqual([]);
  });

  it("a moderator's action on my comment notifies me, in the action's transaction, once per log entry", async () => {
    const mine = await createComment(as("bob"), PAPER, { body: "Mine." }, tick());
    await setCommentHidden(as("mod", "moderator"), mine.id, true, "spam?");
    await setCommentHidden(as("mod", "moderator"), mine.id, true, "again (no change)");
    await setCommentHidden(as("mod", "moderator"), mine.id, false, "not spam");
    const rows = await inbox("bob");
    expect(rows.map((row) => [row.kind, row.detail])).toEqual([
      ["moderation", "hide_comment: spam?"],
      ["moderation", "restore_comment: not spam"],
    ]);
    const page = await listNotifications(as("bob"), { limit: 10, offset: 0, unread: false });
    expect(page.items.map((item) => item.text)).toContain(
      `A moderator removed your comment on “The discussed paper”: spam?`,
    );
  });

  it("a muted user's replies and mentions no longer notify; unmuting restores them", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "Root." }, tick());
    await setMuted(as("alice"), "BOB", true);
    await createComment(as("bob"), PAPER, { body: "Reply @alice", parentId: root.id }, tick());
    await createComment(as("bob"), PAPER, { body: "Hey @alice" }, tick());
    expect(await inbox("alice")).toEqual([]);
    await createComment(as("carol"), PAPER, { body: "Reply.", parentId: root.id }, tick());
    expect(await inbox("alice")).toHaveLength(1);
    await setMuted(as("alice"), "bob", false);
    await createComment(as("bob"), PAPER, { body: "Again.", parentId: root.id }, tick());
    expect(await inbox("alice")).toHaveLength(2);
    await expect(setMuted(as("alice"), "alice", true)).rejects.toMatchObject({ status: 409 });
    await expect(setMuted(as("alice"), "no-such-user", true)).rejects.toMatchObject({ status: 404 });
    await expect(setMuted(null, "bob", true)).rejects.toMatchObject({ status: 401 });
  });

  it("a banned user's comments notify nobody: the ban withdraws what they caused and nobody read", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "Root." }, tick());
    await createComment(as("dave"), PAPER, { body: "Spam @carol", parentId: root.id }, tick());
    expect(await inbox("alice")).toHaveLength(1);
    await setUserBanned(as("mod", "moderator"), "dave", true, "spam");
    expect(await inbox("alice")).toEqual([]);
    expect(await inbox("carol")).toEqual([]);
    await expect(createComment(as("dave"), PAPER, { body: "More", parentId: root.id }, tick())).rejects.toMatchObject({
      status: 403,
    });
    await setUserBanned(as("mod", "moderator"), "dave", false, "appeal");
  });

  it("nobody reads, opens or marks another reader's notifications", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "Root." }, tick());
    await createComment(as("bob"), PAPER, { body: "Reply.", parentId: root.id }, tick());
    const [row] = await inbox("alice");
    expect(await markNotificationsRead(as("carol"), { ids: [row!.id] })).toBe(0);
    expect(await markNotificationsRead(as("carol"), { all: true })).toBe(0);
    await expect(openNotification(as("carol"), row!.id)).rejects.toMatchObject({ status: 404 });
    expect((await listNotifications(as("carol"), { limit: 10, offset: 0, unread: false })).items).toEqual([]);
    await expect(listNotifications(null, { limit: 10, offset: 0, unread: false })).rejects.toMatchObject({
      status: 401,
    });
    expect(await countUnread("alice")).toBe(1);
    expect(await openNotification(as("alice"), row!.id)).toBe(
      `/papers/${PAPER}?comment=${row!.commentId}#comment-${row!.commentId}`,
    );
    expect(await countUnread("alice")).toBe(0);
    expect(markReadSchema.safeParse({ ids: [] }).success).toBe(false);
    expect(markReadSchema.safeParse({ all: false }).success).toBe(false);
  });

  it("lists newest first with an unread filter and pages", async () => {
    const root = await createComment(as("alice"), PAPER, { body: "Root." }, tick());
    for (const who of ["bob", "carol", "dave"])
      await createComment(as(who), PAPER, { body: `From ${who}.`, parentId: root.id }, tick());
    const [oldest] = await inbox("alice");
    await markNotificationsRead(as("alice"), { ids: [oldest!.id] });
    const first = await listNotifications(as("alice"), { limit: 2, offset: 0, unread: false });
    expect(first.items.map((item) => item.actor)).toEqual(["dave", "carol"]);
    expect(first.nextOffset).toBe(2);
    const second = await listNotifications(as("alice"), { limit: 2, offset: 2, unread: false });
    expect(second.items.map((item) => [item.actor, item.read])).toEqual([["bob", true]]);
    expect(second.nextOffset).toBeNull();
    const unread = await listNotifications(as("alice"), { limit: 10, offset: 0, unread: true });
    expect(unread.items.map((item) => item.actor)).toEqual(["dave", "carol"]);
    expect(unread.unreadCount).toBe(2);
  });
});

describe("new papers by followed authors and in followed categories", () => {
  beforeEach(resetNotifications);

  it("the ingest only queues; the job writes one notification per reader, source and day, listing the papers", async () => {
    await followAuthorForTest("alice", "Ada Lovelace");
    await followCategoryForTest("alice", "math.HO");
    await followAuthorForTest("bob", "Ada Lovelace");
    const day1 = new Date("2026-12-02T09:00:00Z");
    const first = await ingest(arxivPaper("2412.10001", ["Ada Lovelace", "Charles Babbage"], ["cs.AI"]));
    expect(first.outcome).toBe("added");
    // Nothing written in the ingest's transaction but the queue row.
    expect(await inbox("alice")).toEqual([]);
    expect(await database.db().select().from(notificationFanouts)).toHaveLength(1);
    expect(await fanOutNewPapers(day1)).toEqual({ papers: 1, batches: 1, notifications: 2 });
    expect(await database.db().select().from(notificationFanouts)).toEqual([]);

    await ingest(arxivPaper("2412.10002", ["Ada Lovelace"], ["math.HO"]));
    await ingest(arxivPaper("2412.10001", ["Ada Lovelace"], ["cs.AI"])); // already here: not queued again
    await fanOutNewPapers(day1);
    const alices = await inbox("alice");
    const byAuthor = alices.find((row) => row.sourceKey === "author:Ada Lovelace")!;
    expect(alices).toHaveLength(2);
    expect(byAuthor.paperCount).toBe(2);
    expect(alices.find((row) => row.sourceKey === "category:math.HO")!.paperCount).toBe(1);
    expect(await inbox("bob")).toHaveLength(1);

    const page = await listNotifications(as("alice"), { limit: 10, offset: 0, unread: false });
    const item = page.items.find((entry) => entry.source?.type === "author")!;
    expect(item.text).toBe("2 new papers by Ada Lovelace");
    expect(item.papers.map((paper) => paper.arxivId)).toEqual(["2412.10001", "2412.10002"]);
    expect(item.url).toBe("/papers/2412.10001");
  });

  it("a paper on another day is a new notification for the same source", async () => {
    await followAuthorForTest("carol", "Grace Hopper");
    await database.db().execute(sql`delete from notification_fanouts`);
    await ingest(arxivPaper("2412.20001", ["Grace Hopper"], ["cs.PL"]));
    await database.db().execute(sql`update notification_fanouts set day = '2026-12-02'`);
    await fanOutNewPapers(new Date("2026-12-02T10:00:00Z"));
    await ingest(arxivPaper("2412.20002", ["Grace Hopper"], ["cs.PL"]));
    await database.db().execute(sql`update notification_fanouts set day = '2026-12-03'`);
    await fanOutNewPapers(new Date("2026-12-03T10:00:00Z"));
    const rows = await inbox("carol");
    expect(rows.map((row) => [row.day, row.paperCount])).toEqual([
      ["2026-12-02", 1],
      ["2026-12-03", 1],
    ]);
  });

  it("2,500 followers are fanned out in bounded batches, each its own transaction, none twice", async () => {
    const followers = Array.from({ length: 2500 }, (_, i) => `fan-${String(i).padStart(4, "0")}`);
    await database
      .db()
      .insert(users)
      .values(followers.map((id) => ({ id, githubLogin: id })));
    await database
      .db()
      .insert(authorFollows)
      .values(followers.map((userId) => ({ userId, authorName: "Famous Author" })));
    // Some also follow the category: a second source, a second notification for them.
    await database
      .db()
      .insert(categoryFollows)
      .values(followers.slice(0, 300).map((userId) => ({ userId, category: "hep-th" })));
    await ingest(arxivPaper("2412.30001", ["Famous Author"], ["hep-th"]));

    const one = await fanOutNewPapers(new Date("2026-12-04T10:00:00Z"), { batchSize: 1000, maxBatches: 1 });
    expect(one).toEqual({ papers: 0, batches: 1, notifications: 1000 });
    const [queued] = await database.db().select().from(notificationFanouts);
    expect(queued!.afterUserId).not.toBe("");
    const rest = await fanOutNewPapers(new Date("2026-12-04T10:00:00Z"), { batchSize: 1000 });
    expect(rest).toEqual({ papers: 1, batches: 2, notifications: 1800 });
    const [count] = await database
      .db()
      .select({ n: sql<number>`count(*)::int`, users: sql<number>`count(distinct user_id)::int` })
      .from(notifications);
    expect(count).toEqual({ n: 2800, users: 2500 });
    expect(await fanOutNewPapers(new Date("2026-12-04T10:00:00Z"))).toEqual({
      papers: 0,
      batches: 0,
      notifications: 0,
    });
    await database
      .db()
      .execute(
        sql`delete from notifications; delete from author_follows where author_name = 'Famous Author'; delete from category_follows where category = 'hep-th'; delete from users where id like 'fan-%'`,
      );
  });
});

describe("notification e-mail", () => {
  let smtp: SmtpTestServer;
  const mailer = () =>
    createMailer({
      smtpUrl: smtp.url,
      from: "Paperboard <notify@paperboard.test>",
      outboxDir: "/nonexistent",
      log: () => {},
    });
  const mailsTo = (email: string) => smtp.messages.filter((mail) => mail.to.includes(email));
  let root = 0;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    process.env.AUTH_SECRET = "s".repeat(40);
    process.env.SITE_URL = "https://papers.example.org";
    resetEnvCache();
    await database
      .db()
      .update(users)
      .set({ email: "alice@example.org", emailVerified: new Date("2025-01-01T00:00:00Z") })
      .where(eq(users.id, "alice"));
    // Bob's address is one GitHub has not verified: never mailed.
    await database.db().update(users).set({ unverifiedEmail: "bob@example.org" }).where(eq(users.id, "bob"));
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    await resetNotifications();
    root = (await createComment(as("alice"), PAPER, { body: "Root by alice." }, tick())).id;
  });

  it("is off by default: nothing is queued", async () => {
    await createComment(as("carol"), PAPER, { body: "Reply.", parentId: root }, tick());
    expect(await getEmailPreferences("alice")).toMatchObject({ reply: "off", mention: "off", new_papers: "off" });
    expect(await queueNotificationEmails(new Date(clock + 1000))).toBe(0);
  });

  it("at once: one mail per 10 minutes with what came meanwhile, a one-click unsubscribe per kind, exactly once with two senders", async () => {
    await setEmailPreferences(as("alice"), { reply: "instant", mention: "instant" }, new Date(clock));
    await setEmailPreferences(as("bob"), { reply: "instant" }, new Date(clock));
    const bobsRoot = await createComment(as("bob"), PAPER, { body: "Bob's root." }, tick());
    await createComment(as("carol"), PAPER, { body: "Reply one.", parentId: root }, tick());
    await createComment(as("dave"), PAPER, { body: "Hey @alice" }, tick());
    // A crowd with mail at once, each replied to: two senders at once send each mail once.
    const crowd = Array.from({ length: 8 }, (_, i) => `crowd-${i}`);
    await database
      .db()
      .insert(users)
      .values(
        crowd.map((id) => ({
          id,
          githubLogin: id,
          email: `${id}@example.org`,
          emailVerified: new Date("2025-01-01T00:00:00Z"),
          createdAt: new Date("2025-01-01T00:00:00Z"),
          githubCreatedAt: new Date("2015-01-01T00:00:00Z"),
        })),
      )
      .onConflictDoNothing();
    for (const id of crowd) {
      await setEmailPreferences(as(id), { reply: "instant" }, new Date(clock));
      const theirs = await createComment(as(id), PAPER, { body: `Root by ${id}.` }, tick());
      await createComment(as("erin"), PAPER, { body: `To ${id}.`, parentId: theirs.id }, tick());
    }
    await createComment(as("carol"), PAPER, { body: "To bob.", parentId: bobsRoot.id }, tick());
    const now = new Date(clock + 1000);
    expect(await queueNotificationEmails(now)).toBe(9); // alice and the crowd; not bob, who has no verified address
    const before = mailsTo("alice@example.org").length;
    await Promise.all([
      sendDueNotificationEmails({ mailer: mailer(), now }),
      sendDueNotificationEmails({ mailer: mailer(), now }),
    ]);
    for (const id of crowd) expect(mailsTo(`${id}@example.org`), id).toHaveLength(1);
    expect(await queueNotificationEmails(now)).toBe(0);
    await sendDueNotificationEmails({ mailer: mailer(), now });
    for (const id of crowd) expect(mailsTo(`${id}@example.org`), id).toHaveLength(1);
    const mails = mailsTo("alice@example.org").slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toMatch(/^2 new notifications/);
    expect(mail.text).toContain("@carol replied to your comment");
    expect(mail.text).toContain("@dave mentioned you");
    expect(mail.text).toMatch(/https:\/\/papers\.example\.org\/notifications\/\d+\/open/);
    expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<(https:\/\/papers\.example\.org\/api\/notifications\/unsubscribe\?token=[\w.-]+)>$/.exec(
      mail.headers.get("list-unsubscribe") ?? "",
    );
    expect(unsubscribe).not.toBeNull();
    expect(mailsTo("bob@example.org")).toEqual([]);

    // Within 10 minutes: queued nothing, even with a new reply; after them, one more mail.
    await createComment(as("erin"), PAPER, { body: "Reply three.", parentId: root }, tick());
    expect(await queueNotificationEmails(new Date(now.getTime() + 5 * 60_000))).toBe(0);
    expect(await queueNotificationEmails(new Date(now.getTime() + 11 * 60_000))).toBe(1);
    await sendDueNotificationEmails({ mailer: mailer(), now: new Date(now.getTime() + 11 * 60_000) });
    expect(mailsTo("alice@example.org").slice(before)).toHaveLength(2);
    expect(mailsTo("alice@example.org").at(-1)!.subject).toMatch(/^1 new notification/);

    // The header's URL turns off exactly the kinds that mail carried.
    const token = new URL(unsubscribe![1]!).searchParams.get("token")!;
    expect(readUnsubscribeToken(token)?.kinds.sort()).toEqual(["mention", "reply"]);
    expect(await unsubscribeNotificationsByToken(token)).toEqual(expect.arrayContaining(["reply", "mention"]));
    expect(await getEmailPreferences("alice")).toMatchObject({ reply: "off", mention: "off" });
    expect(await unsubscribeNotificationsByToken(`${token}x`)).toBeNull();
  });

  it("daily: one summary of yesterday per user; what was read meanwhile is left out", async () => {
    await setEmailPreferences(as("alice"), { reply: "daily" }, new Date("2026-01-01T00:00:00Z"));
    await database.db().execute(sql`delete from notification_email_deliveries`);
    const reply = await createComment(as("carol"), PAPER, { body: "Reply for the summary.", parentId: root }, tick());
    const read = await createComment(as("dave"), PAPER, { body: "Read on the site.", parentId: root }, tick());
    const day = new Date(clock).toISOString().slice(0, 10);
    await database
      .db()
      .execute(sql`update notifications set updated_at = ${`${day}T12:00:00Z`}::timestamptz where user_id = 'alice'`);
    const [readRow] = await database
      .db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, "alice"), eq(notifications.commentId, read.id)));
    const nextMorning = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 + 6 * 3_600_000);
    expect(await queueNotificationEmails(new Date(`${day}T18:00:00Z`))).toBe(0); // the day is not over
    expect(await queueNotificationEmails(nextMorning)).toBe(1);
    expect(await queueNotificationEmails(nextMorning)).toBe(0);
    await markNotificationsRead(as("alice"), { ids: [readRow!.id] });
    const before = mailsTo("alice@example.org").length;
    await sendDueNotificationEmails({ mailer: mailer(), now: nextMorning });
    const [mail] = mailsTo("alice@example.org").slice(before);
    expect(mail!.subject).toMatch(/^Your daily summary: 1 new notification/);
    expect(mail!.text).toContain("@carol replied");
    expect(mail!.text).not.toContain("@dave");
    const [delivery] = await database
      .db()
      .select()
      .from(notificationEmailDeliveries)
      .where(eq(notificationEmailDeliveries.userId, "alice"));
    expect(delivery).toMatchObject({ status: "sent", periodKey: `daily:${day}` });
    expect(reply.id).toBeGreaterThan(0);
  });
});
