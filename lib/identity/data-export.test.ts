import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { papers, sessions, subscriptions, users } from "@/db/schema";
import { accountExportSchema } from "@/lib/http/api-schemas";
import { loadViewer } from "@/testing/viewers";
import { createComment, reportComment, voteOnComment } from "../discussion/comments";
import { EXPORT_CURSOR_ROWS, EXPORT_RATE_LIMIT, startAccountExport } from "./data-export";
import { followAuthor, followCategory } from "../reader/follows";
import { markSavedRead, recordPaperOpen, savePaper, setHideSeen } from "../reader/reading-list";
import { createToken } from "./tokens";

const database = withTestDatabase();
const VOTES = 1_234;
const HOUR = 3600 * 1000;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(decoder.decode(chunk));
  return chunks;
}

describe("the account export", () => {
  let token = "";

  beforeAll(async () => {
    const db = database.db();
    await db.insert(users).values([
      {
        id: "heavy",
        githubLogin: "heavy",
        name: "Heavy User",
        email: "Heavy@Example.org",
        githubCreatedAt: new Date("2015-01-01"),
        createdAt: new Date("2026-01-01"),
      },
      { id: "other", githubLogin: "other", email: "other@example.org", createdAt: new Date("2026-01-01") },
    ]);
    // Many votes, written directly: more rows than one cursor fetch.
    await db.execute(sql`
      insert into papers (arxiv_id, title, submitted_by_id)
      select '2404.' || lpad(i::text, 5, '0'), 'Paper ' || i, case when i = 1 then 'heavy' end from generate_series(1, ${VOTES}) i`);
    await db.execute(sql`
      insert into votes (user_id, paper_id, created_at, weight)
      select 'heavy', id, now() - make_interval(mins => id), 1 from papers`);
    const heavy = await loadViewer("heavy");
    const other = await loadViewer("other");
    const mine = await createComment(heavy, "2404.00002", { body: "My **markdown** $x^2$" });
    const theirs = await createComment(other, "2404.00002", { body: "Someone else's words" });
    await voteOnComment(heavy, theirs.id, true);
    await reportComment(heavy, theirs.id, "off topic");
    void mine;
    token = (await createToken(heavy, "my-script")).token;
    await db
      .insert(sessions)
      .values({ sessionToken: "heavy-session-secret", userId: "heavy", expires: new Date(Date.now() + 24 * HOUR) });
    await db
      .insert(subscriptions)
      .values({ email: "heavy@example.org", frequency: "weekly", status: "active", userId: "heavy" });
    await db.execute(
      sql`insert into paper_authors (paper_id, position, name) select id, 0, 'Ada Author' from papers where arxiv_id = '2404.00003'`,
    );
    await followAuthor(heavy, "Ada Author");
    await followCategory(heavy, "cs.CL");
    await savePaper(heavy, "2404.00003");
    await markSavedRead(heavy, "2404.00003", true);
    await setHideSeen(heavy, true);
    const [opened] = await db
      .select({ id: papers.id })
      .from(papers)
      .where(sql`arxiv_id = '2404.00004'`);
    await recordPaperOpen("heavy", opened!.id);
  });

  it("refuses the signed-out", async () => {
    await expect(startAccountExport(null)).rejects.toMatchObject({ status: 401 });
  });

  it("holds everything about the user, and no secret", async () => {
    const { filename, stream } = await startAccountExport(await loadViewer("heavy"), new Date("2026-12-01T10:00:00Z"));
    expect(filename).toBe("paperboard-heavy-2026-12-01.json");
    const text = (await readAll(stream)).join("");
    const document = accountExportSchema.parse(JSON.parse(text));
    expect(document.profile).toMatchObject({
      id: "heavy",
      login: "heavy",
      name: "Heavy User",
      email: "Heavy@Example.org",
    });
    expect(document.votes).toHaveLength(VOTES);
    expect(document.votes[0]).toMatchObject({
      arxivId: expect.stringMatching(/^2404\./),
      weight: 1,
      votedAt: expect.any(String),
    });
    expect(document.comments).toEqual([
      expect.objectContaining({ arxivId: "2404.00002", body: "My **markdown** $x^2$", parentId: null }),
    ]);
    expect(document.commentVotes).toEqual([expect.objectContaining({ arxivId: "2404.00002" })]);
    expect(document.reports).toEqual([expect.objectContaining({ reason: "off topic", resolvedAt: null })]);
    expect(document.submissions).toEqual([expect.objectContaining({ arxivId: "2404.00001" })]);
    expect(document.apiTokens).toEqual([expect.objectContaining({ name: "my-script", revokedAt: null })]);
    expect(document.sessions).toHaveLength(1);
    expect(document.followedAuthors).toEqual([expect.objectContaining({ name: "Ada Author" })]);
    expect(document.followedCategories).toEqual([expect.objectContaining({ category: "cs.CL" })]);
    // Commenting followed the discussion.
    expect(document.followedDiscussions).toEqual([expect.objectContaining({ arxivId: "2404.00002", following: true })]);
    expect(document.savedPapers).toEqual([
      expect.objectContaining({ arxivId: "2404.00003", readAt: expect.any(String) }),
    ]);
    expect(document.openedPapers).toEqual([expect.objectContaining({ arxivId: "2404.00004" })]);
    expect(document.readerPreferences).toEqual([expect.objectContaining({ hideSeen: true })]);
    expect(document.subscriptions).toEqual([
      expect.objectContaining({ email: "heavy@example.org", frequency: "weekly", status: "active" }),
    ]);
    // Nothing of anyone else, and no secret of any kind.
    expect(text).not.toContain("Someone else's words");
    expect(text).not.toContain(token);
    expect(text).not.toContain("heavy-session-secret");
    const [hash] = await database.db().execute<{ token_hash: string }>(sql`select token_hash from api_tokens`);
    expect(text).not.toContain(hash!.token_hash);
  });

  it("streams: the votes arrive cursor fetch by cursor fetch, never all in one piece", async () => {
    const { stream } = await startAccountExport(await loadViewer("heavy"), new Date("2026-12-01T11:00:00Z"));
    const chunks = await readAll(stream);
    const votesPerChunk = chunks.map((chunk) => chunk.split('"weight":').length - 1).filter((n) => n > 0);
    expect(votesPerChunk.length).toBe(Math.ceil(VOTES / EXPORT_CURSOR_ROWS));
    expect(Math.max(...votesPerChunk)).toBeLessThanOrEqual(EXPORT_CURSOR_ROWS);
    const total = chunks.join("").length;
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(total / 2);
  });

  it("gives its connection back when the reader goes away mid-download", async () => {
    // More abandoned exports than the pool has connections: a leaked one would hang here.
    for (let i = 0; i < 12; i++) {
      const { stream } = await startAccountExport(await loadViewer("other"), new Date(Date.UTC(2026, 11, 2, i)));
      const reader = stream.getReader();
      await reader.read();
      await reader.cancel();
    }
    const { stream } = await startAccountExport(await loadViewer("other"), new Date("2026-12-03T00:00:00Z"));
    expect(accountExportSchema.parse(JSON.parse((await readAll(stream)).join(""))).profile?.login).toBe("other");
  });

  it("is rate limited, with Retry-After", async () => {
    const at = new Date("2026-12-05T10:00:00Z");
    for (let i = 0; i < EXPORT_RATE_LIMIT.limit; i++)
      await (await startAccountExport(await loadViewer("other"), at)).stream.cancel();
    await expect(startAccountExport(await loadViewer("other"), at)).rejects.toMatchObject({
      status: 429,
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });
});
