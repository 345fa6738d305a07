import "server-only";
import type postgres from "postgres";
import { getSql } from "@/db/client";
import { unauthorized } from "@/lib/errors";
import { enforceRateLimit, type RateLimitRule } from "@/lib/http/rate-limit";
import type { Viewer } from "@/lib/identity/viewer";

/**
 * "Your data": one JSON document with everything the site holds about the caller
 * (docs/PRIVACY.md lists it; lib/http/api-schemas.ts accountExportSchema describes it). It is
 * streamed: each list is read from a server-side cursor a few hundred rows at a time and
 * written out as it comes, so a heavy user's export never sits in memory whole. All of it
 * is read in one read-only REPEATABLE READ transaction, so the document is one consistent
 * picture even while the user keeps voting.
 */

export const EXPORT_FORMAT = "paperboard-export/1";
/** An export reads every row a user has; a few an hour is plenty for a person. */
export const EXPORT_RATE_LIMIT: RateLimitRule = { what: "exports", limit: 5, windowSeconds: 3600 };
/** Rows fetched per cursor round trip. */
export const EXPORT_CURSOR_ROWS = 500;

type Reader = postgres.ReservedSql;

/**
 * The lists of the document, in order, each one query over the user's rows. Secrets are
 * never selected: no API token hashes, no session tokens, no OAuth access tokens.
 */
const SECTIONS: {
  name: string;
  query: (sql: Reader, userId: string, email: string | null) => postgres.PendingQuery<postgres.Row[]>;
}[] = [
  {
    name: "accounts",
    query: (sql, userId) => sql`
      select provider, provider_account_id as "providerAccountId", type, scope
      from accounts where user_id = ${userId} order by provider`,
  },
  {
    name: "sessions",
    query: (sql, userId) => sql`select expires from sessions where user_id = ${userId} order by expires`,
  },
  {
    name: "subscriptions",
    query: (sql, userId, email) => sql`
      select email, frequency, status, created_at as "createdAt", confirmed_at as "confirmedAt", unsubscribed_at as "unsubscribedAt"
      from subscriptions where user_id = ${userId} or email = ${email ?? ""} order by id`,
  },
  {
    name: "digestDeliveries",
    query: (sql, userId, email) => sql`
      select s.email, d.period_key as "period", d.status, d.attempts, d.created_at as "createdAt", d.sent_at as "sentAt", d.last_error as "lastError"
      from digest_deliveries d join subscriptions s on s.id = d.subscription_id
      where s.user_id = ${userId} or s.email = ${email ?? ""} order by d.id`,
  },
  {
    name: "apiTokens",
    query: (sql, userId) => sql`
      select name, created_at as "createdAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"
      from api_tokens where user_id = ${userId} order by id`,
  },
  {
    name: "votes",
    query: (sql, userId) => sql`
      select p.arxiv_id as "arxivId", p.title, v.created_at as "votedAt", v.weight
      from votes v join papers p on p.id = v.paper_id where v.user_id = ${userId} order by v.created_at, v.paper_id`,
  },
  {
    name: "comments",
    query: (sql, userId) => sql`
      select c.id, p.arxiv_id as "arxivId", c.parent_id as "parentId", c.body, c.created_at as "createdAt", c.edited_at as "editedAt",
             c.deleted_at as "deletedAt", c.hidden_at as "removedAt", c.upvotes
      from comments c join papers p on p.id = c.paper_id where c.author_id = ${userId} order by c.id`,
  },
  {
    name: "commentVotes",
    query: (sql, userId) => sql`
      select v.comment_id as "commentId", p.arxiv_id as "arxivId", v.created_at as "votedAt"
      from comment_votes v join comments c on c.id = v.comment_id join papers p on p.id = c.paper_id
      where v.user_id = ${userId} order by v.created_at, v.comment_id`,
  },
  {
    name: "submissions",
    query: (sql, userId) => sql`
      select arxiv_id as "arxivId", title, added_at as "addedAt" from papers where submitted_by_id = ${userId} order by added_at, id`,
  },
  {
    name: "reports",
    query: (sql, userId) => sql`
      select r.comment_id as "commentId", p.arxiv_id as "arxivId", r.reason, r.created_at as "createdAt", r.resolved_at as "resolvedAt"
      from comment_reports r join comments c on c.id = r.comment_id join papers p on p.id = c.paper_id
      where r.reporter_id = ${userId} order by r.id`,
  },
  {
    name: "followedAuthors",
    query: (sql, userId) => sql`
      select author_name as "name", created_at as "followedAt" from author_follows where user_id = ${userId} order by author_name`,
  },
  {
    name: "followedCategories",
    query: (sql, userId) => sql`
      select category, created_at as "followedAt" from category_follows where user_id = ${userId} order by category`,
  },
  {
    // Explicit unfollows too (following false): they are what keeps a later comment from re-following.
    name: "followedDiscussions",
    query: (sql, userId) => sql`
      select p.arxiv_id as "arxivId", f.following, f.created_at as "createdAt"
      from paper_follows f join papers p on p.id = f.paper_id where f.user_id = ${userId} order by f.created_at, f.paper_id`,
  },
  {
    name: "savedPapers",
    query: (sql, userId) => sql`
      select p.arxiv_id as "arxivId", p.title, s.saved_at as "savedAt", s.read_at as "readAt"
      from saved_papers s join papers p on p.id = s.paper_id where s.user_id = ${userId} order by s.saved_at, s.paper_id`,
  },
  {
    name: "openedPapers",
    query: (sql, userId) => sql`
      select p.arxiv_id as "arxivId", o.opened_at as "openedAt"
      from paper_opens o join papers p on p.id = o.paper_id where o.user_id = ${userId} order by o.opened_at, o.paper_id`,
  },
  {
    name: "readerPreferences",
    query: (sql, userId) => sql`
      select hide_seen as "hideSeen", updated_at as "updatedAt" from reader_preferences where user_id = ${userId}`,
  },
  {
    name: "notifications",
    query: (sql, userId) => sql`
      select n.kind::text as kind, a.github_login as actor, p.arxiv_id as "arxivId", n.comment_id as "commentId", n.source_key as source,
             n.day::text as day, n.paper_count as "paperCount", n.detail, n.created_at as "createdAt", n.read_at as "readAt",
             n.emailed_at as "emailedAt"
      from notifications n left join users a on a.id = n.actor_id left join papers p on p.id = n.paper_id
      where n.user_id = ${userId} order by n.id`,
  },
  {
    name: "notificationEmailPreferences",
    query: (sql, userId) => sql`
      select kind::text as kind, mode::text as mode, updated_at as "updatedAt" from notification_email_preferences where user_id = ${userId} order by kind`,
  },
  {
    name: "notificationEmails",
    query: (sql, userId) => sql`
      select period_key as period, status::text as status, attempts, created_at as "createdAt", sent_at as "sentAt"
      from notification_email_deliveries where user_id = ${userId} order by id`,
  },
  {
    name: "mutedUsers",
    query: (sql, userId) => sql`
      select u.github_login as login, m.created_at as "mutedAt" from user_mutes m join users u on u.id = m.muted_user_id
      where m.user_id = ${userId} order by m.created_at`,
  },
  {
    // The public log's entries about the user and, for a moderator, by them.
    name: "moderationLog",
    query: (sql, userId) => sql`
      select l.created_at as "createdAt", l.moderator_login as "moderator", l.action::text as action, l.target_login as "target",
             l.comment_id as "commentId", l.paper_arxiv_id as "arxivId", l.reason
      from moderation_log l
      where l.moderator_id = ${userId}
         or lower(l.target_login) = (select lower(github_login) from users where id = ${userId})
      order by l.id`,
  },
];

/**
 * Starts the caller's export: checks who asks and the rate limit (a 429 with Retry-After
 * before a byte is sent), then hands back the stream and a file name.
 */
export async function startAccountExport(
  viewer: Viewer | null,
  now = new Date(),
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  if (!viewer) throw unauthorized();
  await enforceRateLimit(`export:user:${viewer.id}`, EXPORT_RATE_LIMIT, now);
  const name = (viewer.login ?? "account").replace(/[^A-Za-z0-9_-]/g, "_");
  return {
    filename: `paperboard-${name}-${now.toISOString().slice(0, 10)}.json`,
    stream: toByteStream(exportChunks(viewer.id, now)),
  };
}

/** The document as text chunks, produced as the cursors deliver rows. */
export async function* exportChunks(userId: string, now = new Date()): AsyncGenerator<string> {
  const sql = await getSql().reserve();
  let inTransaction = false;
  try {
    await sql`begin isolation level repeatable read read only`;
    inTransaction = true;
    const [profile] = await sql`
      select id, github_login as login, name, email, email_verified as "emailVerified", unverified_email as "unverifiedEmail",
             image, github_id::float8 as "githubId",
             github_created_at as "githubCreatedAt", role, created_at as "joinedAt", banned_at as "bannedAt",
             vote_weight_override as "voteWeightOverride"
      from users where id = ${userId}`;
    const email = typeof profile?.email === "string" ? profile.email.toLowerCase() : null;
    yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"exportedAt":${JSON.stringify(now.toISOString())},"profile":${JSON.stringify(profile ?? null)}`;
    for (const section of SECTIONS) {
      yield `,${JSON.stringify(section.name)}:[`;
      let first = true;
      for await (const rows of section.query(sql, userId, email).cursor(EXPORT_CURSOR_ROWS)) {
        const text = rows.map((row) => JSON.stringify(row)).join(",");
        yield first ? text : `,${text}`;
        first = false;
      }
      yield "]";
    }
    yield "}\n";
    await sql`commit`;
    inTransaction = false;
  } finally {
    // Also reached when the client goes away mid-download (the stream is cancelled).
    if (inTransaction) await sql`rollback`.catch(() => {});
    sql.release();
  }
}

/** Pulls one chunk at a time: nothing is read from the database before the client asks. */
function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
