import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { e2e } from "./config";
import {
  arrangePaperAndToken,
  createScratchDatabase,
  productionEnv,
  standaloneDir,
  startProductionServer,
} from "./production-server";

/**
 * The CI smoke of the production build on production dependencies alone: the standalone
 * folder of `npm run build` copied elsewhere (away from the checkout's node_modules, the
 * sources and tsx), migrated with its own migrate.mjs, started with its start.mjs against
 * PostgreSQL, and used: home, a paper, the sign-in page, a vote through the API.
 */
test.describe("the standalone build, copied away from the checkout", () => {
  test.setTimeout(180_000);

  test("migrates, starts and serves on the dependencies it carries", async ({ request }) => {
    const copy = mkdtempSync(path.join(tmpdir(), "paperboard-standalone-"));
    const database = await createScratchDatabase("standalone");
    const port = e2e.extraPort(4);
    const origin = `http://localhost:${port}`;
    let server: Awaited<ReturnType<typeof startProductionServer>> | undefined;
    // An OpenTelemetry collector's OTLP/HTTP endpoint, reduced to noting what was posted to it.
    const exports: { path: string; bytes: number }[] = [];
    const collector = http.createServer((incoming, response) => {
      let bytes = 0;
      incoming.on("data", (chunk: Buffer) => (bytes += chunk.length));
      incoming.on("end", () => {
        exports.push({ path: incoming.url ?? "", bytes });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const collectorUrl = `http://127.0.0.1:${(collector.address() as import("node:net").AddressInfo).port}`;
    try {
      // verbatimSymlinks: the traced node_modules link packages by relative paths.
      cpSync(standaloneDir, copy, { recursive: true, verbatimSymlinks: true });
      const installed = readdirSync(path.join(copy, "node_modules"));
      expect(installed).toContain("next");
      for (const devOnly of ["tsx", "typescript", "esbuild", "@playwright", "vitest", "drizzle-kit"])
        expect(installed).not.toContain(devOnly);
      expect(existsSync(path.join(copy, "app"))).toBe(false);
      expect(existsSync(path.join(copy, "lib"))).toBe(false);

      // The migration command, on its own (the one-shot service of compose.yaml).
      const migrate = spawnSync(process.execPath, [path.join(copy, "migrate.mjs")], {
        cwd: copy,
        env: productionEnv({ DATABASE_URL: database.url }),
        encoding: "utf8",
      });
      expect(migrate.status, migrate.stderr).toBe(0);
      expect(migrate.stdout).toContain("migrations applied");
      const { token } = await arrangePaperAndToken(database.url, "2406.99001", "A Standalone Smoke Test Paper");

      server = await startProductionServer({
        port,
        dir: copy,
        env: {
          DATABASE_URL: database.url,
          AUTH_SECRET: e2e.authSecret,
          AUTH_URL: origin,
          SITE_URL: origin,
          AUTH_GITHUB_ID: e2e.githubClientId,
          AUTH_GITHUB_SECRET: e2e.githubClientSecret,
          AUTH_GITHUB_ENTERPRISE_URL: e2e.fakeGithubUrl,
          OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
        },
      });

      const home = await request.get(`${origin}/`);
      expect(home.status()).toBe(200);
      expect(home.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      const html = await home.text();
      expect(html).toContain("Paperboard");
      // Static assets and public/ are in the folder: the page's own script and the icon load.
      const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeTruthy();
      expect((await request.get(`${origin}${script}`)).status()).toBe(200);
      expect((await request.get(`${origin}/favicon.svg`)).status()).toBe(200);

      const paper = await request.get(`${origin}/papers/2406.99001`);
      expect(paper.status()).toBe(200);
      expect(await paper.text()).toContain("A Standalone Smoke Test Paper");

      const signIn = await request.get(`${origin}/signin`);
      expect(signIn.status()).toBe(200);
      expect(await signIn.text()).toContain("Sign in with GitHub");

      const vote = await request.put(`${origin}/api/papers/2406.99001/vote`, {
        data: { upvoted: true },
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
      expect(vote.status()).toBe(200);
      expect(await vote.json()).toEqual({ upvoted: true, upvotes: 1 });
      const after = await request.get(`${origin}/api/papers/2406.99001`);
      expect((await after.json()).upvotes).toBe(1);

      // Without METRICS_TOKEN the metrics endpoint does not exist.
      expect((await request.get(`${origin}/api/metrics`)).status()).toBe(404);

      // One JSON log line per request, with its id, method, route, status and latency.
      await expect.poll(() => server!.output()).toContain('"route":"/papers/[...arxivId]"');
      const lines = server
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const paperLine = lines.find((line) => line.msg === "request" && line.route === "/papers/[...arxivId]");
      expect(paperLine).toMatchObject({ level: 30, method: "GET", path: "/papers/2406.99001", status: 200 });
      expect(typeof paperLine!.ms).toBe("number");
      expect(typeof paperLine!.time).toBe("number");
      expect(paperLine!.reqId).toMatch(/^[0-9a-f-]{36}$/);
      const voteLine = lines.find((line) => line.msg === "request" && line.method === "PUT");
      expect(voteLine).toMatchObject({ route: "/api/papers/[...path]", status: 200 });
      expect(JSON.stringify(lines)).not.toContain(token);

      // With OTEL_EXPORTER_OTLP_ENDPOINT set, the requests' spans reach the collector.
      await expect
        .poll(() => exports.filter((item) => item.path === "/v1/traces" && item.bytes > 0).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
    } finally {
      collector.close();
      await server?.stop();
      await database.drop();
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
