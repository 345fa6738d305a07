import { afterEach, describe, expect, it } from "vitest";
import postgres from "postgres";
import { withTestDatabase } from "@/testing/with-test-database";
import { jobs, runJobsOnce } from "./jobs";
import { metrics } from "./metrics";

const database = withTestDatabase();

async function counter(job: string, outcome: string): Promise<number> {
  return (
    (await metrics.jobRuns.get()).values.find((value) => value.labels.job === job && value.labels.outcome === outcome)
      ?.value ?? 0
  );
}

describe("runJobsOnce", () => {
  afterEach(() => {
    const extra = jobs.findIndex((job) => job.name === "explodes");
    if (extra >= 0) jobs.splice(extra, 1);
  });

  it("runs every job and says what each did", async () => {
    const outcomes = await runJobsOnce(new Date("2026-11-27T10:00:00Z"));
    expect(outcomes.map((outcome) => [outcome.job, outcome.outcome])).toEqual([
      ["trending-snapshots", "ok"],
      ["digest", "ok"],
      ["arxiv-ingest", "ok"],
      ["github-stars", "ok"],
      ["notification-fanout", "ok"],
      ["notification-email", "ok"],
    ]);
    expect(outcomes[1]).toMatchObject({ result: { queued: 0, sent: 0, failed: 0, retried: 0 } });
    expect(outcomes[4]).toMatchObject({ result: { papers: 0, batches: 0, notifications: 0 } });
    expect(outcomes[5]).toMatchObject({ result: { queued: 0, sent: 0, failed: 0, retried: 0, skipped: 0 } });
  });

  it("skips a job another server is running (its lock is held) and runs the others", async () => {
    const other = postgres(database.url(), { max: 1, onnotice: () => {} });
    try {
      const connection = await other.reserve();
      await connection`select pg_advisory_lock(hashtext('job:digest'))`;
      const busyBefore = await counter("digest", "busy");
      const outcomes = await runJobsOnce();
      expect(outcomes.find((outcome) => outcome.job === "digest")).toEqual({ job: "digest", outcome: "busy" });
      expect(outcomes.find((outcome) => outcome.job === "trending-snapshots")?.outcome).toBe("ok");
      expect(await counter("digest", "busy")).toBe(busyBefore + 1);
      await connection`select pg_advisory_unlock(hashtext('job:digest'))`;
      connection.release();
      expect((await runJobsOnce()).find((outcome) => outcome.job === "digest")?.outcome).toBe("ok");
    } finally {
      await other.end();
    }
  });

  it("two concurrent runs never run the same job at the same time", async () => {
    let running = 0;
    let overlapped = false;
    jobs.push({
      name: "explodes",
      run: async () => {
        running += 1;
        if (running > 1) overlapped = true;
        // Long enough for the other run to get through the real jobs and reach this one.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        running -= 1;
        throw new Error("the job's own failure");
      },
    });
    const failedBefore = await counter("explodes", "failed");
    const [first, second] = await Promise.all([runJobsOnce(), runJobsOnce()]);
    expect(overlapped).toBe(false);
    const outcomes = [first!, second!].map((run) => run.find((outcome) => outcome.job === "explodes")!);
    // One run ran it (and reports its failure without stopping); the other found it busy.
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["busy", "failed"]);
    expect(outcomes.find((outcome) => outcome.outcome === "failed")).toMatchObject({ error: "the job's own failure" });
    expect(await counter("explodes", "failed")).toBe(failedBefore + 1);
  });
});
