import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "./fixtures";
import { e2e } from "./config";
import { e2eSql } from "./db";

/**
 * Arranges signed-in API callers: users and Auth.js session rows written straight into the
 * e2e database (the sign-in flow itself is covered by sign-in.spec.ts). The app validates
 * these sessions exactly as it validates any other.
 */
export async function makeSessions(
  prefix: string,
  count: number,
  options: { banned?: boolean; joinedDaysAgo?: number } = {},
) {
  const sql = e2eSql();
  try {
    const callers: { userId: string; cookie: string }[] = [];
    for (let i = 0; i < count; i++) {
      const userId = `${prefix}-${i}-${randomBytes(3).toString("hex")}`;
      const token = randomBytes(24).toString("hex");
      await sql`insert into users (id, github_login, name, created_at, github_created_at, banned_at)
        values (${userId}, ${userId}, ${userId}, now() - make_interval(days => ${options.joinedDaysAgo ?? 60}), now() - interval '5 years',
                ${options.banned ? sql`now()` : null})`;
      await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${userId}, now() + interval '1 day')`;
      callers.push({ userId, cookie: `authjs.session-token=${token}` });
    }
    return callers;
  } finally {
    await sql.end();
  }
}

/** A personal API token for a user made by makeSessions, written straight into the database. */
export async function makeApiToken(userId: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const token = `pb_${randomBytes(32).toString("base64url")}`;
  const sql = e2eSql();
  try {
    await sql`insert into api_tokens (user_id, name, token_hash) values (${userId}, 'e2e', ${createHash("sha256").update(token).digest("hex")})`;
    return token;
  } finally {
    await sql.end();
  }
}

/** Each caller upvotes the paper through the JSON API, as a browser on this site would. */
export async function upvoteAs(request: APIRequestContext, callers: { cookie: string }[], arxivId: string) {
  for (const caller of callers) {
    const response = await request.put(`/api/papers/${arxivId}/vote`, {
      data: { upvoted: true },
      headers: { origin: e2e.baseUrl, cookie: caller.cookie },
    });
    expect(response.status()).toBe(200);
  }
}
