import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { moderationLog } from "@/db/schema";
import { createComment, getCommentTree, previewComment, reportComment, voteOnComment } from "../discussion/comments";
import {
  BANNED_MESSAGE,
  dismissReports,
  getModerationLog,
  listOpenReports,
  mayActOnUser,
  setCommentHidden,
  setModerator,
  setUserBanned,
  setVoteWeightOverride,
} from "./moderation";
import { submissionSchema, submitPaper } from "../intake/submissions";
import { createToken } from "../identity/tokens";
import { castVote } from "../ranking/votes";
import { establishedUser, loadViewer, testViewer } from "@/testing/viewers";
import { flattenThread, insertThreadCast, minuteApart, storedCommentCount } from "@/testing/threads";

const database = withTestDatabase();
const as = testViewer;
const tick = minuteApart(new Date("2026-11-27T10:00:00Z"));

const refusedAsBanned = { status: 403, message: BANNED_MESSAGE };

describe("moderation", () => {
  beforeAll(async () => {
    await insertThreadCast([
      establishedUser("bob", { githubLogin: "Bob" }),
      establishedUser("mod2", { role: "moderator" }),
    ]);
  });

  describe("the ban: one check, one message", () => {
    it("refuses every write of a banned user with the same message, checked against the database", async () => {
      const target = await createComment(as("alice"), "2401.00001", { body: "target" }, tick());
      // By login, whatever its case: the one lookup of a user by login, locked for the change.
      await setUserBanned(as("mod", "moderator"), "BOB", true, "spam");
      const bob = await loadViewer("bob");
      expect(bob.banned).toBe(true);
      const bobBeforeTheBan = { ...bob, banned: false }; // a session read before the ban
      for (const writer of [bob, bobBeforeTheBan]) {
        await expect(createComment(writer, "2401.00001", { body: "x" }, tick())).rejects.toMatchObject(refusedAsBanned);
        await expect(previewComment(writer, { body: "x" })).rejects.toMatchObject(refusedAsBanned);
        await expect(voteOnComment(writer, target.id, true)).rejects.toMatchObject(refusedAsBanned);
        await expect(reportComment(writer, target.id, "x")).rejects.toMatchObject(refusedAsBanned);
        // The paper vote is refused by cast_vote in SQL, with the same message.
        await expect(castVote(writer, "2401.00001", true)).rejects.toMatchObject(refusedAsBanned);
        await expect(submitPaper(writer, submissionSchema.parse({ arxivId: "2401.00001" }))).rejects.toMatchObject(
          refusedAsBanned,
        );
      }
      // API tokens are made with the session's own reading of the user.
      await expect(createToken(bob, "bot")).rejects.toMatchObject(refusedAsBanned);

      await setUserBanned(as("mod", "moderator"), "bob", false, "appeal accepted");
      await createComment(await loadViewer("bob"), "2401.00001", { body: "back" }, tick());
      await castVote(await loadViewer("bob"), "2401.00001", true);
    });

    it("bans a banned moderator from moderating, with the same message", async () => {
      await setUserBanned(as("admin", "admin"), "mod2", true, "abuse");
      await expect(setUserBanned(as("mod2", "moderator"), "carol", true, "")).rejects.toMatchObject(refusedAsBanned);
      await expect(listOpenReports(as("mod2", "moderator"))).rejects.toMatchObject(refusedAsBanned);
      await setUserBanned(as("admin", "admin"), "mod2", false, "");
    });
  });

  it("takes reports into the moderators' queue; moderators remove and restore, all logged", async () => {
    const rude = await createComment(as("carol"), "2401.00001", { body: "something rude" }, tick());
    await reportComment(as("alice"), rude.id, "rude");
    await expect(reportComment(as("alice"), rude.id, "again")).rejects.toMatchObject({ status: 409 });
    await reportComment(as("bob"), rude.id, "offensive");
    await expect(listOpenReports(as("alice"))).rejects.toMatchObject({ status: 403 });
    const queue = await listOpenReports(as("mod", "moderator"));
    expect(queue.find((report) => report.commentId === rude.id)).toMatchObject({
      reports: 2,
      reasons: ["rude", "offensive"],
    });

    // A session claiming a role the database does not give.
    await expect(setCommentHidden(as("alice", "moderator"), rude.id, true, "claims")).rejects.toMatchObject({
      status: 403,
    });
    const before = await storedCommentCount("2401.00001");
    await setCommentHidden(as("mod", "moderator"), rude.id, true, "incivility");
    expect(await storedCommentCount("2401.00001")).toBe(before - 1);
    const hidden = flattenThread(await getCommentTree("2401.00001", "new", null)).find((n) => n.id === rude.id)!;
    expect(hidden.state).toBe("removed");
    expect(hidden.html).toBeNull();
    expect(hidden.removedHtml).toBeNull();
    const forModerator = flattenThread(await getCommentTree("2401.00001", "new", as("mod", "moderator"))).find(
      (n) => n.id === rude.id,
    )!;
    expect(forModerator.removedHtml).toContain("something rude");
    expect(
      (await listOpenReports(as("mod", "moderator"))).find((report) => report.commentId === rude.id),
    ).toBeUndefined();

    await setCommentHidden(as("mod", "moderator"), rude.id, false, "on reflection");
    expect(await storedCommentCount("2401.00001")).toBe(before);
    const other = await createComment(as("alice"), "2401.00001", { body: "fine" }, tick());
    await reportComment(as("carol"), other.id, "meh");
    await dismissReports(as("mod", "moderator"), other.id, "not a problem");
    await expect(dismissReports(as("mod", "moderator"), other.id, "twice")).rejects.toMatchObject({ status: 404 });

    const log = await getModerationLog();
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["hide_comment", "restore_comment", "ban_user", "unban_user", "dismiss_report"]),
    );
    expect(log.find((entry) => entry.action === "hide_comment")).toMatchObject({
      moderatorLogin: "mod",
      targetLogin: "carol",
      reason: "incivility",
    });
    expect(log.find((entry) => entry.action === "ban_user" && entry.targetLogin === "Bob")).toMatchObject({
      moderatorLogin: "mod",
      reason: "spam",
    });
  });

  it("keeps moderators from banning admins, themselves and unknown users; only admins ban moderators", async () => {
    await expect(setUserBanned(as("mod", "moderator"), "admin", true, "")).rejects.toMatchObject({ status: 403 });
    await expect(setUserBanned(as("mod", "moderator"), "mod2", true, "")).rejects.toMatchObject({ status: 403 });
    await expect(setUserBanned(as("mod", "moderator"), "mod", true, "")).rejects.toMatchObject({ status: 409 });
    await expect(setUserBanned(as("mod", "moderator"), "nobody", true, "")).rejects.toMatchObject({
      status: 404,
      message: "No user nobody.",
    });
    await expect(setUserBanned(as("alice"), "carol", true, "")).rejects.toMatchObject({ status: 403 });
    await expect(setUserBanned(null, "carol", true, "")).rejects.toMatchObject({ status: 401 });
    // The profile page shows the buttons by the same rule.
    expect([
      mayActOnUser("moderator", { role: "user" }),
      mayActOnUser("moderator", { role: "moderator" }),
      mayActOnUser("admin", { role: "moderator" }),
    ]).toEqual([true, false, true]);
    expect(mayActOnUser("admin", { role: "admin" })).toBe(false);
  });

  it("lets only administrators change moderators, and moderators change vote weights, all logged", async () => {
    await expect(setModerator(as("mod", "moderator"), "carol", true)).rejects.toMatchObject({
      status: 403,
      message: "Only administrators can change moderators.",
    });
    await setModerator(as("admin", "admin"), "carol", true);
    expect((await loadViewer("carol")).role).toBe("moderator");
    await setModerator(as("admin", "admin"), "carol", false);
    await expect(setVoteWeightOverride(as("alice"), "bob", 0)).rejects.toMatchObject({ status: 403 });
    await setVoteWeightOverride(as("mod", "moderator"), "bob", 0);
    expect((await loadViewer("bob")).voteWeightOverride).toBe(0);
    const actions = (await getModerationLog()).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["make_moderator", "remove_moderator", "set_vote_weight"]));
  });

  it("has a moderation log that the database itself refuses to rewrite", async () => {
    const db = database.db();
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => "allowed",
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    expect(await refusal(db.update(moderationLog).set({ reason: "rewritten" }))).toMatch(/append-only: UPDATE/);
    expect(await refusal(db.delete(moderationLog))).toMatch(/append-only: DELETE/);
    expect(await refusal(db.execute(sql`truncate moderation_log`))).toMatch(/append-only: TRUNCATE/);
    expect((await getModerationLog()).some((entry) => entry.reason === "rewritten")).toBe(false);
  });
});
