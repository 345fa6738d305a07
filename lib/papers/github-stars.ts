import "server-only";
import { and, asc, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getDb, getSql, type Transaction } from "@/db/client";
import { githubRepos, githubStarSamples, papers } from "@/db/schema";
import { getEnv } from "@/lib/env";
import {
  GITHUB_REPO_URL_PATTERN,
  githubRepoKey,
  githubRepoName,
  githubRepoUrl,
  readRepository,
  type RepositoryRead,
} from "@/lib/identity/github-client";
import { formatDay } from "@/lib/ranking/periods";

/**
 * GitHub stars of papers' code repositories: one row per repository (`github_repos`), one
 * sample per repository and UTC day (`github_star_samples`), refreshed by the daily
 * `github-stars` job (lib/server/jobs.ts) and when a paper is submitted. Cards show the latest count
 * and the gain since the sample a week before (docs/JOBS.md).
 */

/** A repository is read again when its last read is older than this: once a day, give or take a tick. */
export const STARS_REFRESH_AFTER_MS = 20 * 3600 * 1000;
/** Repositories read per run: the job ticks every 5 minutes, so a large site catches up within the day. */
export const STARS_BATCH = 200;
/** After a network failure, the job waits this long before trying GitHub again. */
const FAILURE_PAUSE_MS = 3600 * 1000;
/** A submission waits at most this long for GitHub. */
const SUBMISSION_TIMEOUT_MS = 3000;

/** The repository key of a code URL, in SQL: the same pattern as githubRepoKey (lib/identity/github-client.ts). */
export function githubRepoKeySql(codeUrl: PgColumn | SQL): SQL<string | null> {
  return sql<
    string | null
  >`regexp_replace(substring(lower(${codeUrl}) from ${GITHUB_REPO_URL_PATTERN}), '\\.git$', '')`;
}

/** Card columns: the star count (null without a live GitHub repository) and the gain over the last week. */
export function starColumns(codeUrl: PgColumn) {
  const key = githubRepoKeySql(codeUrl);
  return {
    githubStars: sql<number | null>`(select ${githubRepos.stars} from ${githubRepos}
      where ${githubRepos.key} = ${key} and ${githubRepos.goneAt} is null)`,
    githubStarsThisWeek: sql<number | null>`(select ${githubRepos.stars} - (
        select ${githubStarSamples.stars} from ${githubStarSamples}
        where ${githubStarSamples.repoKey} = ${githubRepos.key}
          and ${githubStarSamples.day} <= (now() at time zone 'utc')::date - 7
        order by ${githubStarSamples.day} desc limit 1)
      from ${githubRepos} where ${githubRepos.key} = ${key} and ${githubRepos.goneAt} is null)`,
  };
}

const globalPause = globalThis as unknown as { paperboardGithubPause?: Date };

/** Until when GitHub asked us to wait (rate limit), or null. */
export function githubPausedUntil(now = new Date()): Date | null {
  const until = globalPause.paperboardGithubPause;
  return until && until > now ? until : null;
}

function pauseUntil(until: Date | null): void {
  if (until && (!globalPause.paperboardGithubPause || until > globalPause.paperboardGithubPause))
    globalPause.paperboardGithubPause = until;
}

/** For tests: forget a pause. */
export function resetGithubPause(): void {
  globalPause.paperboardGithubPause = undefined;
}

/** Adds a repository row for every GitHub code URL that has none yet. Returns how many. */
export async function discoverRepositories(): Promise<number> {
  const db = getDb();
  const key = githubRepoKeySql(papers.codeUrl);
  const rows = await db.execute<{ code_url: string }>(
    sql`select distinct on (${key}) ${papers.codeUrl} as code_url from ${papers}
        where ${key} is not null and not exists (select 1 from ${githubRepos} where ${githubRepos.key} = ${key})`,
  );
  const values = rows
    .map((row) => ({ key: githubRepoKey(row.code_url), fullName: githubRepoName(row.code_url) }))
    .filter((row): row is { key: string; fullName: string } => row.key !== null && row.fullName !== null);
  if (values.length === 0) return 0;
  const inserted = await db
    .insert(githubRepos)
    .values(values)
    .onConflictDoNothing()
    .returning({ key: githubRepos.key });
  return inserted.length;
}

export interface StarsRunSummary {
  checked: number;
  notModified: number;
  renamed: number;
  gone: number;
  failed: number;
  /** Set when GitHub asked to wait: the run stopped there. */
  pausedUntil: Date | null;
}

/** Stores one read of `key` and today's sample. */
async function storeRead(key: string, read: RepositoryRead, now: Date, summary: StarsRunSummary): Promise<void> {
  const db = getDb();
  const day = formatDay(now);
  if (read.kind === "not_modified") {
    summary.notModified += 1;
    await db.transaction(async (tx) => {
      const [repo] = await tx
        .update(githubRepos)
        .set({ checkedAt: now })
        .where(eq(githubRepos.key, key))
        .returning({ stars: githubRepos.stars });
      if (repo?.stars != null) await storeSample(tx, key, day, repo.stars);
    });
    return;
  }
  if (read.kind === "gone") {
    summary.gone += 1;
    await db.update(githubRepos).set({ checkedAt: now, goneAt: now }).where(eq(githubRepos.key, key));
    return;
  }
  if (read.kind !== "found") {
    summary.failed += 1;
    // Not read today: tried again at the next run after the refresh interval.
    await db.update(githubRepos).set({ checkedAt: now }).where(eq(githubRepos.key, key));
    return;
  }
  summary.checked += 1;
  const newKey = read.fullName.toLowerCase();
  await db.transaction(async (tx) => {
    if (newKey !== key) {
      summary.renamed += 1;
      // Renamed or transferred: papers link the new name, and the history moves with it.
      const oldUrlKey = githubRepoKeySql(papers.codeUrl);
      await tx
        .update(papers)
        .set({ codeUrl: githubRepoUrl(read.fullName) })
        .where(sql`${oldUrlKey} = ${key}`);
      const [existing] = await tx.select({ key: githubRepos.key }).from(githubRepos).where(eq(githubRepos.key, newKey));
      if (existing) {
        await tx.execute(sql`insert into ${githubStarSamples} (repo_key, day, stars)
          select ${newKey}, day, stars from ${githubStarSamples} where repo_key = ${key} on conflict do nothing`);
        await tx.delete(githubRepos).where(eq(githubRepos.key, key));
      } else {
        // ON UPDATE CASCADE carries the samples to the new key.
        await tx.update(githubRepos).set({ key: newKey }).where(eq(githubRepos.key, key));
      }
    }
    await tx
      .update(githubRepos)
      .set({ fullName: read.fullName, stars: read.stars, etag: read.etag, checkedAt: now, goneAt: null })
      .where(eq(githubRepos.key, newKey));
    await storeSample(tx, newKey, day, read.stars);
  });
}

/** The day's star count of a repository: one sample a day, the last read of the day wins. */
async function storeSample(tx: Transaction, repoKey: string, day: string, stars: number): Promise<void> {
  await tx
    .insert(githubStarSamples)
    .values({ repoKey, day, stars })
    .onConflictDoUpdate({ target: [githubStarSamples.repoKey, githubStarSamples.day], set: { stars } });
}

async function readAndStore(
  repo: { key: string; fullName: string; etag: string | null },
  now: Date,
  summary: StarsRunSummary,
  timeoutMs?: number,
): Promise<boolean> {
  const env = getEnv();
  const read = await readRepository(repo.fullName, repo.etag, {
    baseUrl: env.GITHUB_API_URL,
    token: env.GITHUB_TOKEN,
    now,
    timeoutMs,
  });
  if (read.kind === "rate_limited") {
    pauseUntil(read.pauseUntil);
    summary.pausedUntil = read.pauseUntil;
    return false;
  }
  if (
    read.kind === "failed" &&
    !read.pauseUntil &&
    /fetch failed|timeout|ECONN|ENOTFOUND|EAI_AGAIN/i.test(read.message)
  ) {
    // GitHub is unreachable (no network): stop this run and wait, rather than failing every repository.
    summary.failed += 1;
    const until = new Date(now.getTime() + FAILURE_PAUSE_MS);
    pauseUntil(until);
    summary.pausedUntil = until;
    return false;
  }
  await storeRead(repo.key, read, now, summary);
  if (read.pauseUntil) {
    // The last request this window allowed: stop until GitHub's reset.
    pauseUntil(read.pauseUntil);
    summary.pausedUntil = read.pauseUntil;
    return false;
  }
  return true;
}

const STARS_LOCK = "github-stars";

/**
 * The daily job: reads every repository not read for STARS_REFRESH_AFTER_MS (at most
 * `batch` per run), oldest first. One server runs it at a time (a session advisory lock on a
 * reserved connection); a rate limit stops it until GitHub's reset.
 */
export async function refreshGithubStars(now = new Date(), batch = STARS_BATCH): Promise<StarsRunSummary> {
  const summary: StarsRunSummary = {
    checked: 0,
    notModified: 0,
    renamed: 0,
    gone: 0,
    failed: 0,
    pausedUntil: githubPausedUntil(now),
  };
  if (summary.pausedUntil) return summary;
  const connection = await getSql().reserve();
  try {
    const [lock] = await connection`select pg_try_advisory_lock(hashtext(${STARS_LOCK})) as locked`;
    if (!lock?.locked) return summary;
    try {
      await discoverRepositories();
      const due = await getDb()
        .select({ key: githubRepos.key, fullName: githubRepos.fullName, etag: githubRepos.etag })
        .from(githubRepos)
        .where(
          and(
            isNull(githubRepos.goneAt),
            or(
              isNull(githubRepos.checkedAt),
              lt(githubRepos.checkedAt, new Date(now.getTime() - STARS_REFRESH_AFTER_MS)),
            ),
          ),
        )
        .orderBy(sql`${githubRepos.checkedAt} asc nulls first`, asc(githubRepos.key))
        .limit(batch);
      for (const repo of due) {
        if (!(await readAndStore(repo, now, summary))) break;
      }
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${STARS_LOCK}))`;
    }
  } finally {
    connection.release();
  }
  return summary;
}

/**
 * At submission: reads the stars of the paper's code repository now, unless it was read
 * today or GitHub asked us to wait. Never throws: stars are a nicety, the submission stands.
 */
export async function refreshStarsOfCodeUrl(codeUrl: string | null, now = new Date()): Promise<StarsRunSummary | null> {
  const key = githubRepoKey(codeUrl);
  if (!key || githubPausedUntil(now)) return null;
  try {
    const db = getDb();
    await db
      .insert(githubRepos)
      .values({ key, fullName: githubRepoName(codeUrl!)! })
      .onConflictDoNothing();
    const [repo] = await db
      .select({
        key: githubRepos.key,
        fullName: githubRepos.fullName,
        etag: githubRepos.etag,
        checkedAt: githubRepos.checkedAt,
        goneAt: githubRepos.goneAt,
      })
      .from(githubRepos)
      .where(eq(githubRepos.key, key));
    if (!repo || repo.goneAt || (repo.checkedAt && now.getTime() - repo.checkedAt.getTime() < STARS_REFRESH_AFTER_MS))
      return null;
    const summary: StarsRunSummary = { checked: 0, notModified: 0, renamed: 0, gone: 0, failed: 0, pausedUntil: null };
    await readAndStore(repo, now, summary, SUBMISSION_TIMEOUT_MS);
    return summary;
  } catch (error) {
    console.error(`[github-stars] reading ${key} at submission failed`, error);
    return null;
  }
}
