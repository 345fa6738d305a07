/**
 * Names shared by playwright.config.ts, the e2e server and the specs. playwright.config.ts
 * is evaluated in every worker, so per-run values are computed once and passed on through
 * process.env.
 */
if (!process.env.E2E_RUN_ID) process.env.E2E_RUN_ID = `${Date.now().toString(36)}${process.pid}`;

export const e2e = {
  runId: process.env.E2E_RUN_ID,
  appPort: Number(process.env.E2E_PORT ?? 3210),
  fakeGithubPort: Number(process.env.E2E_FAKE_GITHUB_PORT ?? 3219),
  embeddedPgPort: Number(process.env.E2E_PG_PORT ?? 54340),
  mailboxPort: Number(process.env.E2E_MAILBOX_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 8),
  database: `pb_e2e_${process.env.E2E_RUN_ID}`,
  /**
   * Ports for the specs that start servers of their own (the refusal checks, the standalone
   * smoke, two app servers and nginx): the e2e port + 3 … + 7, inside the block of ten a
   * worktree's ports file gives it (+8 and +9 are the mailbox and the fake GitHub).
   */
  extraPort(offset: 3 | 4 | 5 | 6 | 7): number {
    return this.appPort + offset;
  },
  get baseUrl() {
    // localhost, never 127.0.0.1: Next rewrites one to the other and the cookie is lost.
    return `http://localhost:${this.appPort}`;
  },
  get fakeGithubUrl() {
    // Loopback by address: the fake listens on 127.0.0.1 only, and Node may resolve localhost to ::1.
    return `http://127.0.0.1:${this.fakeGithubPort}`;
  },
  /** The admin connection to the server holding the e2e database. */
  get adminUrl() {
    if (process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = "/postgres";
      return url.toString();
    }
    return `postgres://postgres:paperboard@localhost:${this.embeddedPgPort}/postgres`;
  },
  get databaseUrl() {
    const url = new URL(this.adminUrl);
    url.pathname = `/${this.database}`;
    return url.toString();
  },
  githubClientId: "paperboard-e2e-client",
  githubClientSecret: "paperboard-e2e-secret",
  cronSecret: "e2e-cron-secret-0123456789",
  metricsToken: "e2e-metrics-token-0123456789",
  authSecret: "e2e-secret-0123456789abcdef0123456789abcdef",
};
