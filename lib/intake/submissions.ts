import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { papers } from "@/db/schema";
import { ArxivError, fetchArxivPaper } from "@/lib/intake/arxiv-client";
import { parseArxivInput } from "@/lib/papers/arxiv-id";
import { externalUrlSchema, ingestTags, upsertArxivPaper } from "@/lib/intake/arxiv-ingest";
import { getEnv } from "@/lib/env";
import { followDiscussionOnParticipation } from "@/lib/reader/follows";
import { refreshStarsOfCodeUrl } from "@/lib/papers/github-stars";
import { AppError } from "@/lib/errors";
import { enforceRateLimit, isNewAccount, type RateLimitRule } from "@/lib/http/rate-limit";
import { invalidateTags } from "@/lib/cache/shared-cache";
import { assertCanWrite, loadWriter } from "@/lib/moderation/moderation";
import type { Viewer } from "@/lib/identity/viewer";

/** Submitting a paper by its arXiv id or URL. */

export const SUBMISSION_RATE_LIMIT: RateLimitRule = { what: "submissions", limit: 20, windowSeconds: 86_400 };
export const NEW_ACCOUNT_SUBMISSION_RATE_LIMIT: RateLimitRule = {
  what: "submissions",
  limit: 3,
  windowSeconds: 86_400,
};
/** An interactive submission waits at most this long for arXiv. */
const ARXIV_TIMEOUT_MS = 15_000;

const optionalLink = z
  .union([z.literal(""), externalUrlSchema])
  .nullish()
  .transform((value) => value || null);

export const submissionSchema = z.strictObject({
  arxivId: z
    .string({ error: "must be a string" })
    .max(300, "is too long")
    .refine((value) => parseArxivInput(value) !== null, "is not an arXiv identifier or arXiv URL"),
  codeUrl: optionalLink,
  projectUrl: optionalLink,
});

export type SubmissionInput = z.infer<typeof submissionSchema>;

export interface SubmissionResult {
  arxivId: string;
  created: boolean;
}

/**
 * Adds the paper with metadata from arXiv, or finds it when it is already here (no
 * duplicate). Nothing is written unless arXiv answered with a valid entry.
 */
export async function submitPaper(viewer: Viewer | null, input: SubmissionInput): Promise<SubmissionResult> {
  assertCanWrite(viewer);
  const arxivId = parseArxivInput(input.arxivId)!.id;
  const db = getDb();
  const writer = await loadWriter(viewer, db);

  const [existing] = await db.select({ arxivId: papers.arxivId }).from(papers).where(eq(papers.arxivId, arxivId));
  if (existing) return { arxivId: existing.arxivId, created: false };

  await enforceRateLimit(
    `submission:user:${viewer.id}`,
    isNewAccount(writer.joinedAt) ? NEW_ACCOUNT_SUBMISSION_RATE_LIMIT : SUBMISSION_RATE_LIMIT,
  );

  let paper;
  try {
    paper = await fetchArxivPaper(arxivId, { baseUrl: getEnv().ARXIV_API_URL, timeoutMs: ARXIV_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof ArxivError)) throw error;
    if (error.kind === "not_found") throw new AppError(404, `arXiv has no paper ${arxivId}.`);
    if (error.kind === "invalid_id") throw new AppError(400, `arxivId: ${error.message}`, { field: "arxivId" });
    if (error.kind === "malformed")
      throw new AppError(502, "arXiv sent an answer we could not read. Please try again later.");
    throw new AppError(503, "arXiv is not answering right now. Please try again in a minute.", {
      retryAfterSeconds: error.retryAfterSeconds ?? 60,
    });
  }
  const outcome = await db.transaction(async (tx) => {
    const upserted = await upsertArxivPaper(tx, paper, {
      submittedById: viewer.id,
      codeUrl: input.codeUrl,
      projectUrl: input.projectUrl,
    });
    // The submitter follows the paper's discussion (docs/FOLLOWS.md).
    await followDiscussionOnParticipation(tx, viewer.id, upserted.id);
    return upserted;
  });
  // The code repository's stars, so the new card shows them at once (never fails the submission).
  const [stored] = await db.select({ codeUrl: papers.codeUrl }).from(papers).where(eq(papers.arxivId, paper.arxivId));
  await refreshStarsOfCodeUrl(stored?.codeUrl ?? null);
  // After the stars too: this server's next reader sees both (the other servers were told
  // by the upsert's NOTIFY; stars refreshed since reach them within the cache's minute).
  if (outcome.outcome !== "skipped") invalidateTags(ingestTags(paper.arxivId));
  return { arxivId: paper.arxivId, created: outcome.outcome === "added" };
}
