import { existsSync } from "node:fs";
import { expect, test } from "./fixtures";
import { signInWithGitHub } from "./pages/sign-in";
import { e2e } from "./config";
import { NGINX, startNginx } from "./nginx";
import { parseExposition } from "./prometheus-text";
import {
  arrangePaperAndToken,
  createScratchDatabase,
  startProductionServer,
  type RunningServer,
} from "./production-server";

/**
 * The layout of compose.yaml without containers: nginx (deploy/nginx/paperboard.conf.template)
 * in front of two app servers of the production build on one PostgreSQL database. Signing in
 * goes through the proxy (cookies, AUTH_URL); a vote cast on server A shows on a page that
 * server B renders.
 */
test.describe("two app servers behind nginx", () => {
  test.setTimeout(180_000);

  test("sign in through the proxy, vote on one server, see it on the other", async ({ page, request }) => {
    expect(existsSync(NGINX), `nginx is installed at ${NGINX} (apt-get install nginx; .ci/run does)`).toBe(true);
    const [portA, portB, proxyPort] = [e2e.extraPort(5), e2e.extraPort(6), e2e.extraPort(7)];
    const site = `http://localhost:${proxyPort}`;
    const database = await createScratchDatabase("nginx");
    const servers: RunningServer[] = [];
    let proxy: Awaited<ReturnType<typeof startNginx>> | undefined;
    try {
      const env = {
        DATABASE_URL: database.url,
        AUTH_SECRET: e2e.authSecret,
        AUTH_URL: site,
        SITE_URL: site,
        AUTH_GITHUB_ID: e2e.githubClientId,
        AUTH_GITHUB_SECRET: e2e.githubClientSecret,
        AUTH_GITHUB_ENTERPRISE_URL: e2e.fakeGithubUrl,
        METRICS_TOKEN: e2e.metricsToken,
      };
      // Both start at once on an empty database: one migrates, the other waits on the lock.
      servers.push(
        ...(await Promise.all([
          startProductionServer({ port: portA, env }),
          startProductionServer({ port: portB, env }),
        ])),
      );
      const [serverA, serverB] = servers as [RunningServer, RunningServer];
      await arrangePaperAndToken(database.url, "2406.99002", "A Paper Seen Through Two Servers");
      proxy = await startNginx({ port: proxyPort, upstreams: [portA, portB] });

      // Load balancing: requests through the proxy reach both servers.
      const aboutCount = async (port: number) =>
        parseExposition(
          await (
            await request.get(`http://localhost:${port}/api/metrics`, {
              headers: { authorization: `Bearer ${e2e.metricsToken}` },
            })
          ).text(),
        ).sum("http_request_duration_seconds_count", { route: "/about" });
      for (let i = 0; i < 6; i++) expect((await request.get(`${site}/about`)).status()).toBe(200);
      expect(await aboutCount(portA)).toBeGreaterThan(0);
      expect(await aboutCount(portB)).toBeGreaterThan(0);

      // Compression by the proxy, and its request id adopted by the app.
      const home = await request.get(`${site}/`, { headers: { "accept-encoding": "gzip" } });
      expect(home.status()).toBe(200);
      expect(home.headers()["content-encoding"]).toBe("gzip");
      const requestId = home.headers()["x-request-id"];
      expect(requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(proxy.accessLog()).toContain(`rid=${requestId}`);
      expect(serverA.output() + serverB.output()).toContain(`"reqId":"${requestId}"`);

      // Sign-in with GitHub through the proxy: redirects and the session cookie use the public URL.
      await page.goto(`${site}/papers/2406.99002`);
      await signInWithGitHub(page, `proxy-pat-${Date.now().toString(36)}`);
      expect(new URL(page.url()).origin).toBe(site);

      // A vote cast on server A, with the session made through the proxy …
      const vote = await page.request.put(`http://localhost:${portA}/api/papers/2406.99002/vote`, {
        data: { upvoted: true },
        headers: { origin: site, "content-type": "application/json" },
      });
      expect(vote.status()).toBe(200);
      expect(await vote.json()).toEqual({ upvoted: true, upvotes: 1 });

      // … shows on the paper page server B renders, for the same signed-in person.
      await page.goto(`http://localhost:${portB}/papers/2406.99002`);
      await expect(page.getByTestId("upvote-count").first()).toHaveText("1");
      await expect(page.getByRole("button", { name: "Remove upvote" }).first()).toHaveAttribute("aria-pressed", "true");
      // And through the proxy, whichever server answers.
      await page.goto(`${site}/papers/2406.99002`);
      await expect(page.getByTestId("upvote-count").first()).toHaveText("1");
    } finally {
      await proxy?.stop();
      await Promise.all(servers.map((server) => server.stop()));
      await database.drop();
    }
  });
});
