import { expect, test } from "./fixtures";
import { cronAuth, expectCronSecretRequired } from "./cron";
import { JOB_NAMES } from "../lib/http/api-schemas";

interface JobsAnswer {
  jobs: { job: string; outcome: "ok" | "failed" | "busy"; result?: unknown }[];
}

test.describe("POST /api/cron/jobs", () => {
  test("needs the cron secret", async ({ request }) => {
    await expectCronSecretRequired(request, "/api/cron/jobs");
  });

  test("two concurrent calls run each due job once and say what they did", async ({ request, sql }) => {
    // Yesterday's snapshot is due again: its run marker is gone.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await sql`delete from trending_snapshot_runs where date = ${yesterday}`;

    const call = () => request.post("/api/cron/jobs", { headers: cronAuth });
    const responses = await Promise.all([call(), call()]);
    const answers: JobsAnswer[] = [];
    for (const response of responses) {
      expect(response.status()).toBe(200);
      answers.push(await response.json());
    }
    for (const answer of answers) {
      expect(answer.jobs.map((job) => job.job)).toEqual(JOB_NAMES);
      for (const job of answer.jobs) expect(["ok", "busy"]).toContain(job.outcome);
    }
    // The day was written by exactly one of the two calls (the other was busy, or found it done).
    const writers = answers
      .flatMap((answer) => answer.jobs)
      .filter(
        (job) =>
          job.job === "trending-snapshots" && job.outcome === "ok" && (job.result as string[]).includes(yesterday),
      );
    expect(writers).toHaveLength(1);

    // Called again with nothing due, it does nothing; GET (Vercel Cron) does the same.
    const again: JobsAnswer = await (await call()).json();
    expect(again.jobs.find((job) => job.job === "trending-snapshots")).toMatchObject({ outcome: "ok", result: [] });
    const viaGet = await request.get("/api/cron/jobs", { headers: cronAuth });
    expect(viaGet.status()).toBe(200);
    expect(((await viaGet.json()) as JobsAnswer).jobs).toHaveLength(JOB_NAMES.length);
    expect((await request.get("/api/cron/jobs")).status()).toBe(401);
  });
});
