/**
 * The Playwright web server: a fresh database (embedded PostgreSQL, or DATABASE_URL's server)
 * with the demo dataset, then the production build on the e2e port, served as `npm start`
 * serves it (the standalone build's start.mjs: no tsx, no TypeScript sources).
 * Stopped by Playwright with SIGTERM: it drops the database and stops what it started.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { e2e } from "./config";
import { startCommand } from "./production-server";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { dropDatabase } from "../testing/databases";
import postgres from "postgres";
import { startFakeGitHub } from "./fake-github";
import { startArxivFixtureServer } from "../testing/arxiv-fixture-server";
import { startSmtpTestServer } from "../testing/smtp-test-server";
import http from "node:http";

async function main() {
  let stopPostgres = async () => {};
  if (!process.env.DATABASE_URL) {
    const server = await startEmbeddedPostgres({
      // One data folder per port, so that two runs on different ports never share a cluster.
      dataDir: path.join(process.cwd(), ".data", `e2e-postgres-${e2e.embeddedPgPort}`),
      port: e2e.embeddedPgPort,
    });
    stopPostgres = () => server.stop();
  }
  const admin = postgres(e2e.adminUrl, { max: 1, onnotice: () => {} });
  // Databases of earlier runs that were killed before they could drop their own.
  const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'pb_e2e_%'`;
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  await admin.unsafe(`create database "${e2e.database}"`);
  await admin.end();
  await runMigrations(e2e.databaseUrl);
  process.env.DATABASE_URL = e2e.databaseUrl;
  const { getDb, closeDb } = await import("../db/client");
  const { seedDemoData } = await import("../lib/demo/seed");
  await seedDemoData(getDb());
  const { catchUpTrendingSnapshots } = await import("../lib/ranking/trending");
  await catchUpTrendingSnapshots();
  await closeDb();

  const fakeGitHub = await startFakeGitHub({
    port: e2e.fakeGithubPort,
    clientId: e2e.githubClientId,
    clientSecret: e2e.githubClientSecret,
  });

  // arXiv, played back from recorded answers (testing/arxiv-fixtures).
  const arxiv = await startArxivFixtureServer();

  // A real SMTP server on loopback; the specs read what it received through a small
  // mailbox endpoint, as a person would read their inbox.
  const smtp = await startSmtpTestServer();
  const mailbox = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify(
        smtp.messages.map(({ to, subject, text, html, headers }) => ({
          to,
          subject,
          text,
          html,
          headers: Object.fromEntries(headers),
        })),
      ),
    );
  });
  await new Promise<void>((resolve) => mailbox.listen(e2e.mailboxPort, "127.0.0.1", resolve));

  const app = spawn(process.execPath, startCommand({ port: e2e.appPort }), {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(e2e.appPort),
      DATABASE_URL: e2e.databaseUrl,
      AUTH_SECRET: e2e.authSecret,
      AUTH_URL: e2e.baseUrl,
      SITE_URL: e2e.baseUrl,
      AUTH_GITHUB_ID: e2e.githubClientId,
      AUTH_GITHUB_SECRET: e2e.githubClientSecret,
      AUTH_GITHUB_ENTERPRISE_URL: e2e.fakeGithubUrl,
      ADMIN_GITHUB_LOGINS: "admin-ada",
      ARXIV_API_URL: arxiv.baseUrl,
      // Stars are read from the fake GitHub too: nothing in the e2e run reaches the internet.
      GITHUB_API_URL: `${e2e.fakeGithubUrl}/api/v3`,
      SMTP_URL: smtp.url,
      CRON_SECRET: e2e.cronSecret,
      METRICS_TOKEN: e2e.metricsToken,
      MAIL_FROM: "Paperboard <digest@paperboard.test>",
      // The specs drive the jobs themselves; a timer firing mid-test would race them.
      JOBS_ENABLED: "false",
    },
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill("SIGTERM");
    await new Promise((resolve) => (app.exitCode === null ? app.once("exit", resolve) : resolve(null)));
    await fakeGitHub.close();
    await arxiv.close();
    mailbox.close();
    await smtp.close();
    await dropDatabase(e2e.adminUrl, e2e.database).catch(() => {});
    await stopPostgres();
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  app.on("exit", (code) => void shutdown(code ?? 1));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
