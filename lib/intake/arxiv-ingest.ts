import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Transaction } from "@/db/client";
import { ingestCheckpoints, paperAuthors, papers } from "@/db/schema";
import {
  ArxivError,
  fetchArxivPapers,
  searchArxivCategory,
  withArxivRetries,
  type ArxivPaper,
  type ArxivRetryOptions,
} from "@/lib/intake/arxiv-client";
import { parseArxivInput } from "@/lib/papers/arxiv-id";
import { getEnv } from "@/lib/env";
import { enqueuePaperFanout } from "@/lib/reader/notifications";
import { invalidateTags, notifyStatement, paperTag, type CacheTag } from "@/lib/cache/shared-cache";

/** What adding or updating a paper changes: the lists, the ranking, the set of categories, its page. */
export function ingestTags(arxivId: string): CacheTag[] {
  return ["feeds", "trending", "catalog", paperTag(arxivId)];
}

/**
 * Papers in from arXiv: one upsert used by submissions and bulk ingest alike, and the bulk
 * ingest itself (pages, arXiv's 3-second pause, retries, checkpoints to resume).
 */

export type UpsertOutcome = "added" | "updated" | "skipped";

/** Safe links only: a code or project link the submitter typed must be http(s). */
export const externalUrlSchema = z
  .string()
  .trim()
  .max(500, "must be at most 500 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

/**
 * Inserts a paper, or updates it when arXiv has a newer version than the one stored (or
 * none is stored, as for the demo papers). The authors are replaced with the metadata.
 */
export async function upsertArxivPaper(
  tx: Transaction,
  paper: ArxivPaper,
  extras: { submittedById?: string | null; codeUrl?: string | null; projectUrl?: string | null } = {},
): Promise<{ outcome: UpsertOutcome; id: number }> {
  const values = {
    arxivId: paper.arxivId,
    title: paper.title,
    abstract: paper.abstract,
    publishedOn: paper.publishedOn,
    categories: paper.categories,
    arxivVersion: paper.version,
    arxivUpdatedAt: new Date(paper.updatedAt),
    withdrawn: paper.withdrawn,
  };
  const [inserted] = await tx
    .insert(papers)
    .values({
      ...values,
      submittedById: extras.submittedById ?? null,
      codeUrl: extras.codeUrl ?? null,
      projectUrl: extras.projectUrl ?? null,
    })
    .onConflictDoNothing({ target: papers.arxivId })
    .returning({ id: papers.id });
  if (inserted) {
    await tx
      .insert(paperAuthors)
      .values(paper.authors.map((name, position) => ({ paperId: inserted.id, position, name })));
    // Its followers' notifications are one queue row here; the notification-fanout job writes
    // them later in batches, so an author with 10,000 followers never slows an ingest.
    await enqueuePaperFanout(tx, inserted.id, new Date());
    // Every app server's caches, when (and only if) this transaction commits; the caller
    // invalidates its own after the commit (invalidateTags(ingestTags(...))).
    await tx.execute(notifyStatement(ingestTags(paper.arxivId)));
    return { outcome: "added", id: inserted.id };
  }
  const [updated] = await tx
    .update(papers)
    .set({
      ...values,
      // Links someone added here are kept; arXiv never sends them.
      codeUrl: sql`coalesce(${papers.codeUrl}, ${extras.codeUrl ?? null})`,
      projectUrl: sql`coalesce(${papers.projectUrl}, ${extras.projectUrl ?? null})`,
    })
    .where(
      sql`${papers.arxivId} = ${paper.arxivId} and (${papers.arxivVersion} is null or ${papers.arxivVersion} < ${paper.version})`,
    )
    .returning({ id: papers.id });
  if (updated) {
    await tx.delete(paperAuthors).where(eq(paperAuthors.paperId, updated.id));
    await tx
      .insert(paperAuthors)
      .values(paper.authors.map((name, position) => ({ paperId: updated.id, position, name })));
    await tx.execute(notifyStatement(ingestTags(paper.arxivId)));
    return { outcome: "updated", id: updated.id };
  }
  const [existing] = await tx.select({ id: papers.id }).from(papers).where(eq(papers.arxivId, paper.arxivId));
  return { outcome: "skipped", id: existing!.id };
}

export interface IngestSummary {
  added: number;
  updated: number;
  skipped: number;
  failed: number;
  failures: { id: string; reason: string }[];
  resumed: boolean;
}

export interface IngestOptions {
  baseUrl?: string;
  /** Pause between arXiv calls (arXiv asks for 3 s). */
  delayMs?: number;
  retry?: ArxivRetryOptions;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: { done: number; total: number | null; summary: IngestSummary }) => void;
  /** Ids per arXiv call (default INGEST_BATCH). */
  batchSize?: number;
  /** Extra links by arXiv id (from a Hugging Face export). */
  links?: Map<string, { codeUrl?: string | null; projectUrl?: string | null }>;
  now?: Date;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const checkpointSchema = z.object({
  next: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  startedAt: z.string(),
  summary: z.object({ added: z.number(), updated: z.number(), skipped: z.number(), failed: z.number() }),
  failures: z.array(z.object({ id: z.string(), reason: z.string() })),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

async function loadCheckpoint(jobKey: string): Promise<Checkpoint | null> {
  const [row] = await getDb().select().from(ingestCheckpoints).where(eq(ingestCheckpoints.jobKey, jobKey));
  if (!row || row.finishedAt) return null;
  const parsed = checkpointSchema.safeParse(row.state);
  return parsed.success ? parsed.data : null;
}

async function saveCheckpoint(jobKey: string, state: Checkpoint, finished: boolean): Promise<void> {
  await getDb()
    .insert(ingestCheckpoints)
    .values({ jobKey, state, finishedAt: finished ? new Date() : null })
    .onConflictDoUpdate({
      target: ingestCheckpoints.jobKey,
      set: { state, finishedAt: finished ? new Date() : null, updatedAt: new Date() },
    });
}

async function storePapers(found: ArxivPaper[], summary: IngestSummary, links: IngestOptions["links"]): Promise<void> {
  for (const paper of found) {
    const outcome = await getDb().transaction((tx) => upsertArxivPaper(tx, paper, links?.get(paper.arxivId) ?? {}));
    if (outcome.outcome !== "skipped") invalidateTags(ingestTags(paper.arxivId));
    summary[outcome.outcome] += 1;
  }
}

function freshSummary(checkpoint: Checkpoint | null): IngestSummary {
  return checkpoint
    ? { ...checkpoint.summary, failures: checkpoint.failures, resumed: true }
    : { added: 0, updated: 0, skipped: 0, failed: 0, failures: [], resumed: false };
}

function toCheckpoint(next: number, total: number | null, startedAt: string, summary: IngestSummary): Checkpoint {
  const { added, updated, skipped, failed } = summary;
  return {
    next,
    total,
    startedAt,
    summary: { added, updated, skipped, failed },
    failures: summary.failures.slice(-100),
  };
}

/** Ids per arXiv call in bulk: well under arXiv's limit, so one slow answer loses little. */
export const INGEST_BATCH = 50;

/** Adds or updates the given papers; ids in any accepted form. Resumes an interrupted run. */
export async function ingestIds(rawIds: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const env = getEnv();
  const baseUrl = options.baseUrl ?? env.ARXIV_API_URL;
  const delayMs = options.delayMs ?? env.ARXIV_DELAY_MS;
  const sleep = options.sleep ?? realSleep;
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const raw of rawIds) {
    const parsed = parseArxivInput(raw);
    if (!parsed) invalid.push(raw);
    else if (!ids.includes(parsed.id)) ids.push(parsed.id);
  }
  const jobKey = `ids:${hashOf(ids.join(","))}`;
  const checkpoint = await loadCheckpoint(jobKey);
  const summary = freshSummary(checkpoint);
  if (!checkpoint) {
    for (const raw of invalid) {
      summary.failed += 1;
      summary.failures.push({ id: raw.slice(0, 100), reason: "not an arXiv identifier" });
    }
  }
  const startedAt = checkpoint?.startedAt ?? new Date().toISOString();
  const batchSize = options.batchSize ?? INGEST_BATCH;
  for (let start = checkpoint?.next ?? 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    if (start > (checkpoint?.next ?? 0)) await sleep(delayMs);
    try {
      const result = await withArxivRetries(() => fetchArxivPapers(batch, { baseUrl }), { sleep, ...options.retry });
      await storePapers(result.papers, summary, options.links);
      for (const id of result.notFound) {
        summary.failed += 1;
        summary.failures.push({ id, reason: "arXiv does not know this id" });
      }
    } catch (error) {
      if (!(error instanceof ArxivError)) throw error;
      // The batch failed after its retries: record it and go on with the rest.
      summary.failed += batch.length;
      for (const id of batch) summary.failures.push({ id, reason: error.message });
    }
    await saveCheckpoint(jobKey, toCheckpoint(start + batch.length, ids.length, startedAt, summary), false);
    options.onProgress?.({ done: Math.min(start + batch.length, ids.length), total: ids.length, summary });
  }
  await saveCheckpoint(jobKey, toCheckpoint(ids.length, ids.length, startedAt, summary), true);
  return summary;
}

/** Results per page of a category listing. */
export const CATEGORY_PAGE = 100;

/**
 * Adds the papers first submitted to a category in the last `days` days: pages through
 * arXiv's listing (newest first) until it reaches older papers.
 */
export async function ingestCategory(
  category: string,
  days: number,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const env = getEnv();
  const baseUrl = options.baseUrl ?? env.ARXIV_API_URL;
  const delayMs = options.delayMs ?? env.ARXIV_DELAY_MS;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? new Date();
  const jobKey = `category:${category}:${days}`;
  const checkpoint = await loadCheckpoint(jobKey);
  // A resumed run keeps the window of the run it continues.
  const startedAt = checkpoint?.startedAt ?? now.toISOString();
  const cutoff = new Date(new Date(startedAt).getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const summary = freshSummary(checkpoint);
  let start = checkpoint?.next ?? 0;
  let total: number | null = checkpoint?.total ?? null;
  for (let page = 0; ; page++) {
    if (page > 0) await sleep(delayMs);
    let result;
    try {
      result = await withArxivRetries(
        () => searchArxivCategory(category, { baseUrl, start, maxResults: CATEGORY_PAGE }),
        {
          sleep,
          ...options.retry,
        },
      );
    } catch (error) {
      if (!(error instanceof ArxivError)) throw error;
      // Keep the checkpoint: the same command resumes from this page.
      summary.failed += 1;
      summary.failures.push({ id: `${category}@${start}`, reason: error.message });
      await saveCheckpoint(jobKey, toCheckpoint(start, total, startedAt, summary), false);
      return summary;
    }
    total = result.totalResults;
    const inWindow = result.papers.filter((paper) => paper.publishedOn === null || paper.publishedOn >= cutoff);
    await storePapers(inWindow, summary, options.links);
    start += result.papers.length;
    const reachedOlder = inWindow.length < result.papers.length;
    const finished = reachedOlder || result.papers.length === 0 || start >= result.totalResults;
    await saveCheckpoint(jobKey, toCheckpoint(start, total, startedAt, summary), finished);
    options.onProgress?.({ done: start, total: finished ? start : null, summary });
    if (finished) break;
  }
  return summary;
}

/** A file exported from Hugging Face's daily_papers API: the ids and their links. */
const hfEntrySchema = z.union([
  z.object({
    paper: z.object({ id: z.string(), githubRepo: z.string().nullish(), projectPage: z.string().nullish() }),
  }),
  z.object({ id: z.string(), githubRepo: z.string().nullish(), projectPage: z.string().nullish() }),
]);

export function parseHuggingFaceExport(json: unknown): {
  ids: string[];
  links: Map<string, { codeUrl: string | null; projectUrl: string | null }>;
} {
  const entries = z.array(hfEntrySchema).parse(json);
  const links = new Map<string, { codeUrl: string | null; projectUrl: string | null }>();
  const ids: string[] = [];
  const safe = (url: string | null | undefined) => (url && externalUrlSchema.safeParse(url).success ? url : null);
  for (const entry of entries) {
    const item = "paper" in entry ? entry.paper : entry;
    const parsed = parseArxivInput(item.id);
    ids.push(item.id);
    if (parsed) links.set(parsed.id, { codeUrl: safe(item.githubRepo), projectUrl: safe(item.projectPage) });
  }
  return { ids, links };
}

function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${hash.toString(16)}-${text.length}`;
}
