import { describe, expect, it, beforeAll, inject } from "vitest";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "@/db/schema";
import { withTestDatabase } from "@/testing/with-test-database";
import { createDatabaseFromTemplate, dropDatabase, uniqueDatabaseName } from "@/testing/databases";
import { demoUsers, seedDemoData, seedPapers } from "@/lib/demo/seed";
import { getPaper, listPaperSummaries } from "./papers";
import { authorsLine } from "../format";
import { asc, desc, sql } from "drizzle-orm";

const database = withTestDatabase();

// The orders the daily feed (upvotes) and the new feed use, through the cards' one query.
const byUpvotes = () =>
  listPaperSummaries({
    orderBy: [desc(schema.papers.upvotes), desc(schema.papers.addedAt), asc(schema.papers.id)],
    limit: 100,
  });
const byNewness = () =>
  listPaperSummaries({ orderBy: [desc(schema.papers.addedAt), asc(schema.papers.id)], limit: 100 });
async function countPapers(): Promise<number> {
  const [row] = await database.db().execute<{ count: number }>(sql`select count(*)::int as count from papers`);
  return row!.count;
}

describe("the demo dataset and the paper queries", () => {
  beforeAll(async () => {
    expect(await seedDemoData(database.db(), new Date("2026-11-20T12:34:00Z"))).toBe(true);
  });

  it("loads all 54 papers once, never over existing data", async () => {
    expect(seedPapers).toHaveLength(54);
    expect(await countPapers()).toBe(54);
    expect(await seedDemoData(database.db())).toBe(false);
    expect(await countPapers()).toBe(54);
  });

  it("keeps every counter equal to its vote rows", async () => {
    const mismatched = await database.db().execute(sql`
      select p.arxiv_id from papers p
      where p.upvotes <> (select count(*) from votes v where v.paper_id = p.id)`);
    expect(mismatched).toHaveLength(0);
  });

  it("orders by upvotes and by newness differently", async () => {
    const top = await byUpvotes();
    const newest = await byNewness();
    expect(top).toHaveLength(54);
    for (let i = 1; i < top.length; i++) expect(top[i - 1]!.upvotes).toBeGreaterThanOrEqual(top[i]!.upvotes);
    for (let i = 1; i < newest.length; i++) expect(newest[i - 1]!.addedAt >= newest[i]!.addedAt).toBe(true);
    expect(top.slice(0, 10).map((p) => p.arxivId)).not.toEqual(newest.slice(0, 10).map((p) => p.arxivId));
  });

  it("has papers rising now, papers that peaked days ago and quiet ones", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const rows = await database.db().execute<{ recent: number; total: number }>(sql`
      select count(*) filter (where v.created_at > ${now.toISOString()}::timestamptz - interval '1 day')::int as recent,
             count(v.user_id)::int as total
      from papers p left join votes v on v.paper_id = p.id group by p.id`);
    expect(rows.some((row) => row.total >= 10 && row.recent >= row.total / 2)).toBe(true);
    expect(rows.some((row) => row.total >= 15 && row.recent === 0)).toBe(true);
    expect(rows.some((row) => row.total <= 3)).toBe(true);
  });

  it("is deterministic: the same seed and hour give the same community and votes", async () => {
    const fingerprint = sql`select md5(string_agg(v.user_id || ':' || p.arxiv_id || ':' || v.created_at::text || ':' || v.weight::text, ','
      order by v.user_id, p.arxiv_id)) as hash from votes v join papers p on p.id = v.paper_id`;
    const [original] = await database.db().execute<{ hash: string }>(fingerprint);
    const name = uniqueDatabaseName("pb_test_twin");
    const twinUrl = await createDatabaseFromTemplate(inject("adminDatabaseUrl"), name, inject("templateDatabase"));
    const client = postgres(twinUrl, { max: 1, onnotice: () => {} });
    try {
      const twin = drizzle(client, { schema });
      expect(await seedDemoData(twin, new Date("2026-11-20T12:10:00Z"))).toBe(true);
      const [copy] = await twin.execute<{ hash: string }>(fingerprint);
      expect(copy?.hash).toBe(original?.hash);
    } finally {
      await client.end();
      await dropDatabase(inject("adminDatabaseUrl"), name);
    }
    expect(new Set(demoUsers(new Date()).map((u) => u.login)).size).toBe(48);
  });

  it("returns a paper with all its authors in order and its links", async () => {
    const paper = await getPaper("2409.13648");
    expect(paper?.title).toMatch(/^V\^3: Viewing Volumetric Videos/);
    expect(paper?.authors).toEqual(seedPapers.find((p) => p.arxivId === "2409.13648")!.authors);
    expect(paper?.publishedOn).toBeNull();
    expect(paper?.pdfUrl).toBe("https://arxiv.org/pdf/2409.13648");
  });

  it("finds a paper by a versioned id and answers null for unknown or malformed ids", async () => {
    expect((await getPaper("2409.13648v2"))?.arxivId).toBe("2409.13648");
    expect(await getPaper("2101.00001")).toBeNull();
    expect(await getPaper("not-an-id")).toBeNull();
  });

  it("lists every author in order, for the card's et al.", async () => {
    const [paper] = (await byUpvotes()).filter((p) => p.arxivId === "2409.13648");
    expect(paper?.authors).toHaveLength(8);
    expect(authorsLine(paper!.authors)).toBe("Penghao Wang, Zhirui Zhang, Liao Wang et al.");
  });
});
