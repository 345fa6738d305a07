/**
 * `npm run ingest`: adds papers from arXiv in bulk.
 *   --category cs.LG --days 1     papers first submitted to a category in the last days
 *   --ids 2312.00752,hep-th/9901001   these papers (any accepted form)
 *   --hf-file daily_papers.json   the papers of a file exported from Hugging Face's daily_papers API
 * Pauses 3 s between arXiv calls (ARXIV_DELAY_MS), retries 429/503 honouring Retry-After,
 * and resumes where an interrupted run of the same command stopped.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";

const { values } = parseArgs({
  options: {
    category: { type: "string" },
    days: { type: "string" },
    ids: { type: "string" },
    "hf-file": { type: "string" },
  },
});
const modes = [values.category, values.ids, values["hf-file"]].filter((value) => value !== undefined);
if (modes.length !== 1) {
  console.error("usage: npm run ingest -- --category cs.LG [--days 1] | --ids ID[,ID…] | --hf-file FILE");
  process.exit(2);
}
const days = values.days === undefined ? 1 : Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 365) {
  console.error("--days: a whole number of days from 1 to 365");
  process.exit(2);
}

function progressBar(
  done: number,
  total: number | null,
  counts: { added: number; updated: number; skipped: number; failed: number },
) {
  const width = 28;
  const share = total ? Math.min(1, done / total) : 0;
  const bar = total
    ? `[${"#".repeat(Math.round(share * width)).padEnd(width)}] ${Math.round(share * 100)}%`
    : `[${"?".repeat(3).padEnd(width)}]`;
  const line = `${bar} ${done}${total ? `/${total}` : ""}  added ${counts.added} · updated ${counts.updated} · skipped ${counts.skipped} · failed ${counts.failed}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else process.stderr.write(`${line}\n`);
}

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
let exitCode = 0;
try {
  await runMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  const { closeDb } = await import("../db/client");
  const { ingestCategory, ingestIds, parseHuggingFaceExport } = await import("../lib/intake/arxiv-ingest");
  const started = Date.now();
  const onProgress = ({
    done,
    total,
    summary,
  }: {
    done: number;
    total: number | null;
    summary: { added: number; updated: number; skipped: number; failed: number };
  }) => progressBar(done, total, summary);
  const onRetry = (error: Error, attempt: number, delayMs: number) =>
    process.stderr.write(`\narXiv: ${error.message}; retry ${attempt} in ${Math.round(delayMs / 1000)} s\n`);
  let summary;
  if (values.category) {
    summary = await ingestCategory(values.category, days, { onProgress, retry: { onRetry } });
  } else if (values.ids) {
    summary = await ingestIds(values.ids.split(/[\s,]+/).filter(Boolean), { onProgress, retry: { onRetry } });
  } else {
    const { ids, links } = parseHuggingFaceExport(JSON.parse(readFileSync(values["hf-file"]!, "utf8")));
    summary = await ingestIds(ids, { onProgress, links, retry: { onRetry } });
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.log(
    `${summary.resumed ? "resumed an interrupted run; " : ""}added ${summary.added}, updated ${summary.updated}, skipped ${summary.skipped}, failed ${summary.failed} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const failure of summary.failures.slice(0, 20)) console.log(`  failed ${failure.id}: ${failure.reason}`);
  if (summary.failed > 0) exitCode = 1;
  await closeDb();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await database.stop();
}
process.exit(exitCode);
