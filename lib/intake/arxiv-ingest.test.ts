import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { ingestCheckpoints, paperAuthors, papers, users } from "@/db/schema";
import type { ArxivFixtureServer } from "@/testing/arxiv-fixture-server";
import { startFakeArxiv } from "@/testing/fake-arxiv";
import { ingestCategory, ingestIds, parseHuggingFaceExport } from "./arxiv-ingest";
import { submissionSchema, submitPaper } from "./submissions";
import { resetEnvCache } from "../env";
import { runScheduledIngest } from "./scheduled-ingest";
import type { Viewer } from "../identity/viewer";
import { testViewer } from "@/testing/viewers";

const database = withTestDatabase();
let arxiv: ArxivFixtureServer;
const noWait = { sleep: async () => {}, delayMs: 0 };
const viewer = (id: string): Viewer => testViewer(id);

async function paperRow(arxivId: string) {
  const [row] = await database.db().select().from(papers).where(eq(papers.arxivId, arxivId));
  return row;
}

describe("papers in from arXiv", () => {
  beforeAll(async () => {
    arxiv = await startFakeArxiv();
    await database
      .db()
      .insert(users)
      .values([
        { id: "submitter", githubLogin: "submitter", createdAt: new Date(Date.now() - 90 * 86_400_000) },
        { id: "banned", githubLogin: "banned", bannedAt: new Date() },
      ]);
    // A paper stored from an older version: arXiv's v3 must update it.
    await database.db().insert(papers).values({
      arxivId: "2305.18290",
      title: "Old title",
      arxivVersion: 1,
      codeUrl: "https://github.com/eric-mitchell/direct-preference-optimization",
    });
  });
  afterAll(async () => {
    await arxiv.close();
  });

  it("ingests ids: adds new papers with authors in order, updates newer versions, reports unknown ones", async () => {
    const summary = await ingestIds(
      ["2312.00752", "arXiv:2005.14165", "https://arxiv.org/abs/2305.18290v3", "hep-th/9711200", "not an id"],
      {
        ...noWait,
        batchSize: 1,
      },
    );
    expect(summary).toMatchObject({ added: 3, updated: 1, skipped: 0, failed: 1 });
    expect(summary.failures[0]).toMatchObject({ reason: "not an arXiv identifier" });
    const mamba = await paperRow("2312.00752");
    expect(mamba?.title).toContain("Mamba");
    const authors = await database
      .db()
      .select()
      .from(paperAuthors)
      .where(eq(paperAuthors.paperId, (await paperRow("2005.14165"))!.id))
      .orderBy(paperAuthors.position);
    expect(authors.length).toBeGreaterThan(30);
    const dpo = await paperRow("2305.18290");
    expect(dpo).toMatchObject({
      arxivVersion: 3,
      codeUrl: "https://github.com/eric-mitchell/direct-preference-optimization",
    });
    expect(dpo?.title).not.toBe("Old title");
    expect((await paperRow("hep-th/9711200"))?.arxivId).toBe("hep-th/9711200");

    const again = await ingestIds(["2312.00752"], noWait);
    expect(again).toMatchObject({ added: 0, updated: 0, skipped: 1, failed: 0 });
  });

  it("resumes an interrupted run where it stopped", async () => {
    const ids = ["2401.00917", "2312.00752", "2005.14165"];
    const requestsBefore = arxiv.requests.length;
    let calls = 0;
    // The pause before the second batch is where the "kill" lands.
    const interrupted = ingestIds(ids, {
      batchSize: 1,
      delayMs: 0,
      sleep: async () => {
        calls += 1;
        if (calls === 1) throw new Error("killed");
      },
    });
    await expect(interrupted).rejects.toThrow("killed");
    expect(arxiv.requests.length - requestsBefore).toBe(1);
    const resumed = await ingestIds(ids, { ...noWait, batchSize: 1 });
    expect(resumed.resumed).toBe(true);
    expect(arxiv.requests.length - requestsBefore).toBe(3);
    expect(resumed).toMatchObject({ added: 1, skipped: 2 });
    expect((await paperRow("2401.00917"))?.withdrawn).toBe(true);
  });

  it("retries a 503 honouring Retry-After, and records a batch that keeps failing", async () => {
    const waits: number[] = [];
    arxiv.enqueue({ status: 503, body: "busy", headers: { "retry-after": "7" } });
    const summary = await ingestIds(["2312.00752"], {
      delayMs: 0,
      sleep: async (ms) => void waits.push(ms),
      retry: { baseDelayMs: 10 },
    });
    expect(summary.skipped).toBe(1);
    expect(waits).toContain(7000);

    arxiv.enqueue(...Array.from({ length: 4 }, () => ({ status: 503, body: "busy" })));
    const failing = await ingestIds(["2305.18290"], { delayMs: 0, sleep: async () => {}, retry: { baseDelayMs: 1 } });
    expect(failing).toMatchObject({ failed: 1, added: 0 });
  });

  it("ingests a category's recent papers, page by page, stopping at older ones", async () => {
    const summary = await ingestCategory("cs.LG", 3, { ...noWait, now: new Date("2025-02-12T12:00:00Z") });
    expect(summary).toMatchObject({ added: 2, failed: 0 });
    expect(await paperRow("2502.07445")).toBeDefined();
    expect(await paperRow("2502.03793")).toBeUndefined();
    const [checkpoint] = await database
      .db()
      .select()
      .from(ingestCheckpoints)
      .where(eq(ingestCheckpoints.jobKey, "category:cs.LG:3"));
    expect(checkpoint?.finishedAt).not.toBeNull();
  });

  it("reads a Hugging Face daily_papers export, keeping only safe links", () => {
    const { ids, links } = parseHuggingFaceExport([
      {
        paper: {
          id: "2312.00752",
          githubRepo: "https://github.com/state-spaces/mamba",
          projectPage: "javascript:alert(1)",
        },
      },
      { id: "2005.14165" },
    ]);
    expect(ids).toEqual(["2312.00752", "2005.14165"]);
    expect(links.get("2312.00752")).toEqual({ codeUrl: "https://github.com/state-spaces/mamba", projectUrl: null });
    expect(() => parseHuggingFaceExport({ not: "a list" })).toThrow();
  });

  it("submits by any accepted form, once; a paper already here is found, not duplicated", async () => {
    await database.db().delete(papers).where(eq(papers.arxivId, "2312.00752"));
    const input = submissionSchema.parse({
      arxivId: "https://arxiv.org/pdf/2312.00752v2",
      codeUrl: "https://github.com/state-spaces/mamba",
    });
    expect(await submitPaper(viewer("submitter"), input)).toEqual({ arxivId: "2312.00752", created: true });
    expect(await paperRow("2312.00752")).toMatchObject({
      submittedById: "submitter",
      codeUrl: "https://github.com/state-spaces/mamba",
    });
    expect(await submitPaper(viewer("submitter"), submissionSchema.parse({ arxivId: "arXiv:2312.00752" }))).toEqual({
      arxivId: "2312.00752",
      created: false,
    });
    const [count] = await database
      .db()
      .execute<{ n: number }>(sql`select count(*)::int as n from papers where arxiv_id = '2312.00752'`);
    expect(count!.n).toBe(1);
  });

  it("answers arXiv's failures clearly and writes nothing", async () => {
    const before = (await database.db().execute<{ n: number }>(sql`select count(*)::int as n from papers`))[0]!.n;
    await expect(
      submitPaper(viewer("submitter"), submissionSchema.parse({ arxivId: "2312.99999" })),
    ).rejects.toMatchObject({ status: 404 });
    arxiv.enqueue({ status: 503, body: "down", headers: { "retry-after": "120" } });
    await expect(
      submitPaper(viewer("submitter"), submissionSchema.parse({ arxivId: "2312.88888" })),
    ).rejects.toMatchObject({
      status: 503,
      details: { retryAfterSeconds: 120 },
    });
    arxiv.enqueue({ file: "malformed-truncated.xml" });
    await expect(
      submitPaper(viewer("submitter"), submissionSchema.parse({ arxivId: "2312.77777" })),
    ).rejects.toMatchObject({ status: 502 });
    expect((await database.db().execute<{ n: number }>(sql`select count(*)::int as n from papers`))[0]!.n).toBe(before);
    await expect(
      submitPaper(viewer("banned"), submissionSchema.parse({ arxivId: "2312.00752" })),
    ).rejects.toMatchObject({ status: 403 });
    await expect(submitPaper(null, submissionSchema.parse({ arxivId: "2312.00752" }))).rejects.toMatchObject({
      status: 401,
    });
  });

  it("validates the submission: an arXiv id or URL, and http(s) links only", () => {
    expect(submissionSchema.safeParse({ arxivId: "hello" }).success).toBe(false);
    expect(submissionSchema.safeParse({ arxivId: "2312.00752", codeUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(submissionSchema.safeParse({ arxivId: "hep-th/9901001", codeUrl: "" }).success).toBe(true);
  });

  it("runs the scheduled daily ingest once a day per category, and not at all when none is set", async () => {
    const day = new Date("2025-02-12T12:00:00Z");
    expect(await runScheduledIngest(day)).toEqual([]);
    process.env.ARXIV_INGEST_CATEGORIES = "cs.LG";
    process.env.ARXIV_DELAY_MS = "0";
    resetEnvCache();
    try {
      const before = arxiv.requests.length;
      expect(await runScheduledIngest(day)).toEqual(["cs.LG"]);
      expect(arxiv.requests.length).toBeGreaterThan(before);
      const after = arxiv.requests.length;
      expect(await runScheduledIngest(new Date("2025-02-12T18:00:00Z"))).toEqual([]);
      expect(arxiv.requests.length).toBe(after);
    } finally {
      delete process.env.ARXIV_INGEST_CATEGORIES;
      delete process.env.ARXIV_DELAY_MS;
      resetEnvCache();
    }
  });
});
