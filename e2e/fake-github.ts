import http from "node:http";
import { randomBytes } from "node:crypto";

/**
 * A small GitHub Enterprise Server stand-in for the end-to-end tests: the four endpoints
 * Auth.js's GitHub provider uses with `enterprise.baseUrl`. Its authorize page lets the
 * test choose who signs in (any login), or cancel, exactly as a person would on GitHub.
 */

export interface FakeGitHubUser {
  id: number;
  login: string;
  name: string | null;
  /** What /user says: null for a user whose e-mail is private. */
  publicEmail: string | null;
  /** What /user/emails says. */
  emails: { email: string; primary: boolean; verified: boolean }[];
  createdAt: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function known(now = Date.now()): Record<string, FakeGitHubUser> {
  return {
    octocat: {
      id: 583231,
      login: "octocat",
      name: "The Octocat",
      publicEmail: "octocat@example.com",
      emails: [{ email: "octocat@example.com", primary: true, verified: true }],
      createdAt: "2011-01-25T18:44:36Z",
    },
    "private-pat": {
      id: 700001,
      login: "private-pat",
      name: "Pat Private",
      publicEmail: null,
      emails: [{ email: "700001+private-pat@users.noreply.example.com", primary: true, verified: true }],
      createdAt: "2016-05-01T10:00:00Z",
    },
    "admin-ada": {
      id: 700002,
      login: "admin-ada",
      name: "Ada Admin",
      publicEmail: "ada@example.com",
      emails: [{ email: "ada@example.com", primary: true, verified: true }],
      createdAt: "2012-03-04T10:00:00Z",
    },
    // Says an address is hers that GitHub never verified: nothing may be mailed to it unasked.
    "unverified-uma": {
      id: 700004,
      login: "unverified-uma",
      name: "Uma Unverified",
      publicEmail: null,
      emails: [{ email: "uma@example.com", primary: true, verified: false }],
      createdAt: "2015-02-03T10:00:00Z",
    },
    // Primary address unverified, a second one verified: the verified one is used.
    "mixed-max": {
      id: 700005,
      login: "mixed-max",
      name: "Max Mixed",
      publicEmail: "max-unverified@example.com",
      emails: [
        { email: "max-unverified@example.com", primary: true, verified: false },
        { email: "max@example.com", primary: false, verified: true },
      ],
      createdAt: "2015-02-03T10:00:00Z",
    },
    "new-newton": {
      id: 700003,
      login: "new-newton",
      name: null,
      publicEmail: null,
      emails: [{ email: "newton@example.com", primary: true, verified: true }],
      createdAt: new Date(now - DAY_MS).toISOString(),
    },
  };
}

/**
 * Any other login signs in as an established account with a private e-mail. "login#id"
 * signs in as that login on the GitHub account with that numeric id: the same login on
 * another account, as after a rename and re-registration.
 */
export function fakeGitHubUser(choice: string): FakeGitHubUser {
  const [login, idText] = choice.split("#") as [string, string | undefined];
  const account = fakeGitHubAccount(login);
  if (!idText || !/^\d+$/.test(idText)) return account;
  // Another account: GitHub never lets two accounts verify the same address.
  const email = `${login}-${idText}@example.com`;
  return { ...account, id: Number(idText), publicEmail: null, emails: [{ email, primary: true, verified: true }] };
}

function fakeGitHubAccount(login: string): FakeGitHubUser {
  const existing = known()[login];
  if (existing) return existing;
  let hash = 0;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return {
    id: 1_000_000 + (hash % 1_000_000_000),
    login,
    name: login,
    publicEmail: null,
    emails: [{ email: `${login}@example.com`, primary: true, verified: true }],
    createdAt: "2018-01-01T00:00:00Z",
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

async function readBody(request: http.IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

function json(response: http.ServerResponse, status: number, value: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}

/** Repositories the fake REST API knows, by lower-cased "owner/name": their stars. */
export const FAKE_REPOSITORY_STARS: Record<string, number> = { "eric-mitchell/direct-preference-optimization": 2_817 };

export async function startFakeGitHub(options: { port: number; clientId: string; clientSecret: string }) {
  // Port 0 (tests): the one the system picked, once listening.
  let port = options.port;
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", `http://localhost:${port}`);
    try {
      if (request.method === "GET" && url.pathname === "/login/oauth/authorize") {
        const redirectUri = url.searchParams.get("redirect_uri") ?? "";
        const state = url.searchParams.get("state") ?? "";
        if (url.searchParams.get("client_id") !== options.clientId || !redirectUri) {
          response.writeHead(400, { "content-type": "text/plain" });
          response.end("unknown client_id or missing redirect_uri");
          return;
        }
        const back = (params: Record<string, string>) => {
          const target = new URL(redirectUri);
          for (const [key, value] of Object.entries({ ...params, state })) target.searchParams.set(key, value);
          return target.toString();
        };
        const chosen = url.searchParams.get("login");
        if (chosen) {
          const code = randomBytes(12).toString("hex");
          codes.set(code, chosen);
          response.writeHead(302, { location: back({ code }) });
          response.end();
          return;
        }
        const choices = Object.keys(known())
          .map((login) => {
            const self = new URL(url);
            self.searchParams.set("login", login);
            return `<li><a href="${escapeHtml(self.toString())}">Sign in as ${escapeHtml(login)}</a></li>`;
          })
          .join("");
        const hidden = [...url.searchParams.entries()]
          .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
          .join("");
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end(`<!doctype html><title>Fake GitHub: authorize</title><h1>Authorize Paperboard</h1>
          <ul>${choices}</ul>
          <form method="get">${hidden}<label>Login <input name="login"></label><button>Authorize</button></form>
          <p><a href="${escapeHtml(back({ error: "access_denied", error_description: "The user has denied your application access." }))}">Cancel</a></p>`);
        return;
      }
      if (request.method === "POST" && url.pathname === "/login/oauth/access_token") {
        const form = new URLSearchParams(await readBody(request));
        const basic = request.headers.authorization?.startsWith("Basic ")
          ? Buffer.from(request.headers.authorization.slice(6), "base64").toString().split(":").map(decodeURIComponent)
          : [];
        const clientId = form.get("client_id") ?? basic[0];
        const clientSecret = form.get("client_secret") ?? basic[1];
        if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
          json(response, 401, { error: "invalid_client" });
          return;
        }
        const login = codes.get(form.get("code") ?? "");
        if (!login) {
          json(response, 400, { error: "bad_verification_code" });
          return;
        }
        codes.delete(form.get("code")!);
        const token = `gho_${randomBytes(16).toString("hex")}`;
        tokens.set(token, login);
        json(response, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
        return;
      }
      const login = tokens.get(request.headers.authorization?.replace(/^(Bearer|token) /i, "") ?? "");
      if (request.method === "GET" && (url.pathname === "/api/v3/user" || url.pathname === "/api/v3/user/emails")) {
        if (!login) {
          json(response, 401, { message: "Bad credentials" });
          return;
        }
        const user = fakeGitHubUser(login);
        if (url.pathname === "/api/v3/user/emails") {
          json(response, 200, user.emails);
          return;
        }
        json(response, 200, {
          id: user.id,
          login: user.login,
          name: user.name,
          email: user.publicEmail,
          avatar_url: `http://127.0.0.1:${port}/avatars/${encodeURIComponent(user.login)}.svg`,
          html_url: `http://127.0.0.1:${port}/${user.login}`,
          created_at: user.createdAt,
        });
        return;
      }
      if (request.method === "GET" && url.pathname.startsWith("/avatars/")) {
        response.writeHead(200, { "content-type": "image/svg+xml" });
        response.end(
          '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#6b7280"/></svg>',
        );
        return;
      }
      // The REST API's repository answer, read for a code repository's stars (lib/papers/github-stars.ts).
      const repo = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (request.method === "GET" && repo) {
        const fullName = `${decodeURIComponent(repo[1]!)}/${decodeURIComponent(repo[2]!)}`;
        const stars = FAKE_REPOSITORY_STARS[fullName.toLowerCase()];
        if (stars === undefined) return json(response, 404, { message: "Not Found" });
        response.writeHead(200, {
          "content-type": "application/json",
          etag: `"${fullName}-${stars}"`,
          "x-ratelimit-remaining": "59",
        });
        response.end(JSON.stringify({ full_name: fullName, stargazers_count: stars }));
        return;
      }
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : options.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
