import { sql } from "drizzle-orm";
import {
  pgTable,
  text,
  integer,
  serial,
  timestamp,
  date,
  real,
  primaryKey,
  index,
  uniqueIndex,
  check,
  pgEnum,
  bigint,
  foreignKey,
  boolean,
  jsonb,
  customType,
} from "drizzle-orm/pg-core";
import type { AdapterAccountType } from "next-auth/adapters";

/** PostgreSQL's text-search document type (Drizzle has no built-in for it). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** postgres.js reads and writes bytea as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const userRole = pgEnum("user_role", ["user", "moderator", "admin"]);

/**
 * People. The first five columns are the ones Auth.js's Drizzle adapter reads and writes;
 * the rest are Paperboard's. `githubCreatedAt` is kept because the ranking weighs votes by
 * the age of the voter's GitHub account (docs/RANKING.md).
 */
export const users = pgTable(
  "users",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text("name"),
    email: text("email"),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    /** An address GitHub shows but has not verified: mailed only through the double opt-in. */
    unverifiedEmail: text("unverified_email"),
    image: text("image"),
    githubLogin: text("github_login"),
    githubId: bigint("github_id", { mode: "number" }),
    githubCreatedAt: timestamp("github_created_at", { withTimezone: true, mode: "date" }),
    /** The effective role, read by every check: "admin" while ADMIN_GITHUB_LOGINS makes it so, else grantedRole. */
    role: userRole("role").notNull().default("user"),
    /** What an admin granted ("user" or "moderator", never "admin"): survives the list's changes (lib/identity/admin-roles.ts). */
    grantedRole: userRole("granted_role").notNull().default("user"),
    bannedAt: timestamp("banned_at", { withTimezone: true, mode: "date" }),
    // A moderator sets 0 for a vote ring (docs/RANKING.md); null means the computed weight.
    voteWeightOverride: real("vote_weight_override"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_github_login_key").on(sql`lower(${t.githubLogin})`),
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_github_id_key").on(t.githubId),
    check("users_granted_role_check", sql`${t.grantedRole} <> 'admin'`),
  ],
);
export type User = typeof users.$inferSelect;

/**
 * The GitHub account (by its numeric id, which never changes) that a login in
 * ADMIN_GITHUB_LOGINS named when the list first made it admin. Logins are reusable: after a
 * rename, another account can take the old one, and must not inherit the admin role with it.
 * Rows for logins no longer listed are deleted at start (lib/identity/admin-roles.ts).
 */
export const adminLoginBindings = pgTable("admin_login_bindings", {
  /** Lower-cased, as ADMIN_GITHUB_LOGINS is parsed. */
  login: text("login").primaryKey(),
  githubId: bigint("github_id", { mode: "number" }).notNull(),
  boundAt: timestamp("bound_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<AdapterAccountType>().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
    // GitHub Apps send it with every token; the adapter stores whatever the provider returns.
    refresh_token_expires_in: integer("refresh_token_expires_in"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Papers. `arxivId` is the public key (URLs, API); the integer `id` keeps the votes table
 * narrow. Abstract and PDF links are derived from the arXiv id (lib/papers/papers.ts), not stored.
 * `upvotes` and `commentCount` are counters kept in the same transaction as the rows they
 * count: inserts move them where they happen, deletes (of any origin, SQL included) through
 * AFTER DELETE triggers (drizzle/0012); `npm run db:recount` checks them against the rows.
 */
export const papers = pgTable(
  "papers",
  {
    id: serial("id").primaryKey(),
    arxivId: text("arxiv_id").notNull(),
    title: text("title").notNull(),
    abstract: text("abstract").notNull().default(""),
    publishedOn: date("published_on", { mode: "string" }),
    categories: text("categories")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    codeUrl: text("code_url"),
    projectUrl: text("project_url"),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    submittedById: text("submitted_by_id").references(() => users.id, { onDelete: "set null" }),
    upvotes: integer("upvotes").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    /** The arXiv version the metadata was taken from; a newer version updates it. */
    arxivVersion: integer("arxiv_version"),
    arxivUpdatedAt: timestamp("arxiv_updated_at", { withTimezone: true, mode: "date" }),
    withdrawn: boolean("withdrawn").notNull().default(false),
    /** The authors' names in order, kept by a trigger on paper_authors, for full-text search. */
    authorsText: text("authors_text").notNull().default(""),
    /** Title (weight A), authors (B) and abstract (C), for PostgreSQL full-text search. */
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(authors_text, '')), 'B') || setweight(to_tsvector('english', coalesce(abstract, '')), 'C')`,
    ),
  },
  (t) => [
    index("papers_search_idx").using("gin", t.searchVector),
    index("papers_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
    // The category filter of every feed: `category = any(categories)`.
    index("papers_categories_idx").using("gin", t.categories),
    uniqueIndex("papers_arxiv_id_key").on(t.arxivId),
    // /new: (added_at desc, id), the feed's order, walked from the top and stopped at the page size.
    index("papers_added_at_id_idx").on(t.addedAt.desc().nullsFirst(), t.id),
    // A profile's submitted papers, newest first.
    index("papers_submitted_by_idx")
      .on(t.submittedById, t.addedAt.desc().nullsFirst())
      .where(sql`${t.submittedById} is not null`),
    // Search: titles equal to or starting with the query (lib/browse/search.ts, exact title first).
    index("papers_lower_title_idx").using("btree", sql`lower(${t.title}) text_pattern_ops`),
    check("papers_upvotes_nonnegative", sql`${t.upvotes} >= 0`),
    check("papers_comment_count_nonnegative", sql`${t.commentCount} >= 0`),
  ],
);
export type Paper = typeof papers.$inferSelect;

/**
 * Every word that occurs in a paper's title, abstract or author names (lower case, unstemmed),
 * kept by triggers on papers (drizzle/0022). Search's typo fallback corrects each word of a
 * query to its nearest term here (lib/browse/search.ts): the lexicon grows with the vocabulary, not
 * with the papers. Terms are never removed; a stale one only finds nothing.
 */
export const searchTerms = pgTable("search_terms", { term: text("term").primaryKey() }, (t) => [
  index("search_terms_term_trgm_idx").using("gin", sql`${t.term} gin_trgm_ops`),
]);

/** Authors of a paper, in the order arXiv lists them (position 0 is the first author). */
export const paperAuthors = pgTable(
  "paper_authors",
  {
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.position] }),
    index("paper_authors_name_idx").on(t.name),
    index("paper_authors_lower_name_idx").on(sql`lower(${t.name})`),
    index("paper_authors_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);
export type PaperAuthor = typeof paperAuthors.$inferSelect;

/**
 * One upvote per user and paper: the primary key is the database's guarantee. `weight` is
 * fixed when the vote is cast (docs/RANKING.md) so that a later change of the voter's
 * standing never silently rewrites history.
 */
export const votes = pgTable(
  "votes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    weight: real("weight").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.paperId] }),
    index("votes_paper_created_idx").on(t.paperId, t.createdAt),
    // A profile's upvoted papers, most recent vote first.
    index("votes_user_created_idx").on(t.userId, t.createdAt.desc().nullsFirst()),
    check("votes_weight_range", sql`${t.weight} >= 0 and ${t.weight} <= 1`),
  ],
);
export type Vote = typeof votes.$inferSelect;

/** Threaded comments: `parentId` is null for a top-level comment; `depth` is 0 there. */
export const comments = pgTable(
  "comments",
  {
    id: serial("id").primaryKey(),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    parentId: integer("parent_id"),
    // Null once the author's account is deleted: the comment stays in its thread as
    // "[deleted user]", its text removed by a trigger (drizzle/0012, docs/PRIVACY.md).
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    depth: integer("depth").notNull().default(0),
    body: text("body").notNull(),
    // The body rendered by renderCommentBody (lib/discussion/markdown.ts) when it was written: views
    // read it instead of rendering. Null for rows older than it (filled on first view) and for
    // deleted comments; `npm run comments:rerender` refreshes every row after a renderer change.
    bodyHtml: text("body_html"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true, mode: "date" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true, mode: "date" }),
    upvotes: integer("upvotes").notNull().default(0),
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "comments_parent_fk" }).onDelete("cascade"),
    index("comments_paper_idx").on(t.paperId, t.createdAt),
    index("comments_parent_idx").on(t.parentId),
    index("comments_author_idx").on(t.authorId, t.createdAt),
    check("comments_body_length", sql`char_length(${t.body}) between 1 and 10000`),
  ],
);
export type Comment = typeof comments.$inferSelect;

/**
 * Hourly per-paper vote totals, kept in the same transaction as each vote and un-vote, so
 * that trending costs O(buckets in the window) however many votes were ever cast
 * (docs/RANKING.md). The votes table stays the source of truth: `npm run db:recount`
 * rebuilds these from it.
 */
export const voteBuckets = pgTable(
  "vote_buckets",
  {
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true, mode: "date" }).notNull(),
    votes: integer("votes").notNull().default(0),
    weight: real("weight").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.hour] }), index("vote_buckets_hour_idx").on(t.hour)],
);
export type VoteBucket = typeof voteBuckets.$inferSelect;

/**
 * Each paper's social image (/og/paper/{id}) as drawn, with the stamp of what it says and
 * the counters drawn on it (lib/papers/social-images.ts): drawn once, then read by primary key.
 */
export const paperSocialImages = pgTable("paper_social_images", {
  paperId: integer("paper_id")
    .primaryKey()
    .references(() => papers.id, { onDelete: "cascade" }),
  stamp: text("stamp").notNull(),
  upvotes: integer("upvotes").notNull(),
  commentCount: integer("comment_count").notNull(),
  png: bytea("png").notNull(),
  renderedAt: timestamp("rendered_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * Fixed-window counters for rate limits, shared by every app server through PostgreSQL.
 * UNLOGGED (migration 0008): no WAL, emptied on crash recovery, which costs nothing here.
 * One row per key (e.g. "vote:user:<id>") and window; old windows are swept lazily.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limit_counters_window_idx").on(t.windowStart)],
);

/**
 * The dated daily trending feed: the ranking as it stood at 00:00 UTC after `date`,
 * written by the snapshot job (lib/ranking/trending.ts, docs/JOBS.md). A row in
 * trending_snapshot_runs says the day was computed, so an empty day is not a missing one.
 */
export const trendingSnapshots = pgTable(
  "trending_snapshots",
  {
    date: date("date", { mode: "string" }).notNull(),
    rank: integer("rank").notNull(),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
    votes24h: integer("votes_24h").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.date, t.rank] }),
    uniqueIndex("trending_snapshots_date_paper_key").on(t.date, t.paperId),
    index("trending_snapshots_paper_idx").on(t.paperId, t.rank),
  ],
);
export type TrendingSnapshotRow = typeof trendingSnapshots.$inferSelect;

export const trendingSnapshotRuns = pgTable("trending_snapshot_runs", {
  date: date("date", { mode: "string" }).primaryKey(),
  computedAt: timestamp("computed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  papers: integer("papers").notNull(),
});

/** One upvote per user and comment, like paper votes; `comments.upvotes` counts them. */
export const commentVotes = pgTable(
  "comment_votes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.commentId] }), index("comment_votes_comment_idx").on(t.commentId)],
);

/** Reports of comments by readers, for the moderators' queue. One per reporter and comment. */
export const commentReports = pgTable(
  "comment_reports",
  {
    id: serial("id").primaryKey(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("comment_reports_comment_reporter_key").on(t.commentId, t.reporterId),
    index("comment_reports_open_idx")
      .on(t.createdAt)
      .where(sql`${t.resolvedAt} is null`),
    check("comment_reports_reason_length", sql`char_length(${t.reason}) between 1 and 500`),
  ],
);

export const moderationAction = pgEnum("moderation_action", [
  "hide_comment",
  "restore_comment",
  "ban_user",
  "unban_user",
  "dismiss_report",
  "set_vote_weight",
  "make_moderator",
  "remove_moderator",
  "remove_spammer",
]);

/**
 * The public, append-only record of every moderator action (/moderation). The database
 * itself refuses UPDATE, DELETE and TRUNCATE on it (a trigger in the migration), so not even
 * a bug in the app can rewrite history. Names are copied in, so the log reads the same
 * after a user or comment is gone.
 */
export const moderationLog = pgTable(
  "moderation_log",
  {
    id: serial("id").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    moderatorId: text("moderator_id"),
    moderatorLogin: text("moderator_login").notNull(),
    action: moderationAction("action").notNull(),
    targetLogin: text("target_login"),
    commentId: integer("comment_id"),
    paperArxivId: text("paper_arxiv_id"),
    reason: text("reason").notNull().default(""),
  },
  (t) => [index("moderation_log_created_idx").on(t.createdAt.desc())],
);
export type ModerationLogEntry = typeof moderationLog.$inferSelect;

/**
 * Where a bulk ingest stopped, so that running the same command again resumes instead of
 * starting over (scripts/ingest.ts, the scheduled ingest). One row per job.
 */
export const ingestCheckpoints = pgTable("ingest_checkpoints", {
  jobKey: text("job_key").primaryKey(),
  state: jsonb("state").notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const digestFrequency = pgEnum("digest_frequency", ["daily", "weekly"]);
export const subscriptionStatus = pgEnum("subscription_status", ["pending", "active", "unsubscribed"]);

/**
 * E-mail digest subscriptions, one per address (lower-cased). Double opt-in: a row is
 * `pending` until the signed link in the confirmation mail is followed; nothing but that
 * confirmation is ever sent to a pending address.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    frequency: digestFrequency("frequency").notNull(),
    status: subscriptionStatus("status").notNull().default("pending"),
    // A deleted account's subscriptions go with it: no mail after an account deletion.
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true, mode: "date" }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("subscriptions_email_key").on(t.email),
    index("subscriptions_active_idx")
      .on(t.frequency)
      .where(sql`${t.status} = 'active'`),
  ],
);
export type Subscription = typeof subscriptions.$inferSelect;

export const deliveryStatus = pgEnum("delivery_status", ["pending", "sending", "sent", "failed"]);

/**
 * One row per subscriber and period: the unique key is what makes a digest go out at most
 * once per period, whatever the number of senders (docs/JOBS.md). A sender claims a row
 * (`sending`, with a lease) with FOR UPDATE SKIP LOCKED, sends, then records `sent`.
 */
export const digestDeliveries = pgTable(
  "digest_deliveries",
  {
    id: serial("id").primaryKey(),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    messageId: text("message_id").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("digest_deliveries_subscription_period_key").on(t.subscriptionId, t.periodKey),
    index("digest_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
  ],
);
export type DigestDelivery = typeof digestDeliveries.$inferSelect;

/**
 * Personal API tokens: the token itself is shown once and only its SHA-256 is stored, so a
 * leaked database does not leak working tokens.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/**
 * GitHub repositories linked as papers' code (`papers.code_url`), read from GitHub's REST
 * API by the `github-stars` job (lib/papers/github-stars.ts). `key` is the lower-cased
 * "owner/name" as the code URL spells it (GitHub names are case-insensitive); `fullName` is
 * GitHub's own spelling, updated when GitHub reports a rename. `etag` makes the daily read a
 * conditional request; `goneAt` is set when GitHub answers 404 (deleted or made private).
 */
export const githubRepos = pgTable(
  "github_repos",
  {
    key: text("key").primaryKey(),
    fullName: text("full_name").notNull(),
    stars: integer("stars"),
    etag: text("etag"),
    checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }),
    goneAt: timestamp("gone_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    check("github_repos_key_lowercase", sql`${t.key} = lower(${t.key})`),
    index("github_repos_due_idx")
      .on(t.checkedAt.asc().nullsFirst())
      .where(sql`${t.goneAt} is null`),
  ],
);
export type GithubRepo = typeof githubRepos.$inferSelect;

/** One star count per repository and UTC day: "+340 this week" compares two of them. */
export const githubStarSamples = pgTable(
  "github_star_samples",
  {
    repoKey: text("repo_key")
      .notNull()
      .references(() => githubRepos.key, { onDelete: "cascade", onUpdate: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    stars: integer("stars").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repoKey, t.day] })],
);

/**
 * Authors a reader follows, by name as arXiv spells it (paper_authors.name): arXiv has no
 * author ids, so "Ashish Vaswani" follows every paper listing that exact name. The index on
 * the name serves the author page's follower count and the fan-out of a new paper's
 * notifications (docs/FOLLOWS.md).
 */
export const authorFollows = pgTable(
  "author_follows",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorName: text("author_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.authorName] }),
    index("author_follows_author_idx").on(t.authorName),
    check("author_follows_name_length", sql`char_length(${t.authorName}) between 1 and 300`),
  ],
);

/** arXiv categories a reader follows ("cs.CL"), matched against papers.categories. */
export const categoryFollows = pgTable(
  "category_follows",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] }), index("category_follows_category_idx").on(t.category)],
);

/**
 * A reader's relation to one paper's discussion. Submitting or commenting follows it
 * (insert ... on conflict do nothing), so an explicit unfollow is kept as a row with
 * `following = false`: a later comment by the same reader must not silently re-follow.
 */
export const paperFollows = pgTable(
  "paper_follows",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    following: boolean("following").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.paperId] }),
    index("paper_follows_paper_idx")
      .on(t.paperId)
      .where(sql`${t.following}`),
  ],
);

/** The reading list: papers saved for later, with the moment the reader marked one read. */
export const savedPapers = pgTable(
  "saved_papers",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    savedAt: timestamp("saved_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.paperId] }),
    index("saved_papers_user_saved_idx").on(t.userId, t.savedAt.desc()),
  ],
);

/**
 * Papers a signed-in reader has opened (their page), first time only: what "hide papers I
 * have saved, voted or opened" hides. One row per reader and paper, never updated.
 */
export const paperOpens = pgTable(
  "paper_opens",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    paperId: integer("paper_id")
      .notNull()
      .references(() => papers.id, { onDelete: "cascade" }),
    openedAt: timestamp("opened_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.paperId] })],
);

/** Per-reader settings of the follow and reading-list features. */
export const readerPreferences = pgTable("reader_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Hide papers I have saved, voted or opened, on every feed. */
  hideSeen: boolean("hide_seen").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * What a reader is told about (docs/NOTIFICATIONS.md). `reply`, `discussion` and `mention`
 * are written in the transaction of the comment that causes them, one row per comment and
 * reader (the most specific kind wins); `moderation` in the transaction of the moderator's
 * action, one per log entry; `new_papers` by the fan-out job, one row per reader, follow
 * source (`author:{name}` or `category:{cs.CL}`) and UTC day, with the papers listed in it.
 */
export const notificationKind = pgEnum("notification_kind", [
  "reply",
  "discussion",
  "mention",
  "moderation",
  "new_papers",
]);

export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    /** Who caused it (the commenter, the moderator); null for new papers or a deleted account. */
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    paperId: integer("paper_id").references(() => papers.id, { onDelete: "cascade" }),
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    moderationLogId: integer("moderation_log_id"),
    /** new_papers: `author:{name}` or `category:{category}`. */
    sourceKey: text("source_key"),
    day: date("day", { mode: "string" }),
    /** new_papers: the first papers of the day from this source (at most NEW_PAPERS_LISTED), and how many there were. */
    paperIds: integer("paper_ids")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    paperCount: integer("paper_count").notNull().default(0),
    /** moderation: the action and the moderator's public reason. */
    detail: text("detail"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The inbox's order: a day's new-papers row moves up when a paper is added to it. */
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    /** Taken into an e-mail (notification_email_deliveries); null: not mailed yet. */
    emailedAt: timestamp("emailed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("notifications_comment_key")
      .on(t.userId, t.commentId)
      .where(sql`${t.kind} in ('reply', 'discussion', 'mention')`),
    uniqueIndex("notifications_moderation_key")
      .on(t.userId, t.moderationLogId)
      .where(sql`${t.kind} = 'moderation'`),
    uniqueIndex("notifications_new_papers_key")
      .on(t.userId, t.sourceKey, t.day)
      .where(sql`${t.kind} = 'new_papers'`),
    index("notifications_inbox_idx").on(t.userId, t.updatedAt.desc(), t.id.desc()),
    // The header's unread count: an index-only count over the reader's unread rows.
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    index("notifications_comment_idx")
      .on(t.commentId)
      .where(sql`${t.commentId} is not null`),
    index("notifications_actor_idx")
      .on(t.actorId)
      .where(sql`${t.actorId} is not null and ${t.readAt} is null`),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/**
 * Papers whose new-paper notifications are still to be fanned out: ingest and submission
 * insert one row in their own transaction (cheap), the `notification-fanout` job walks the
 * followers in bounded batches, remembering where it is (`after_user_id`, `after_source`).
 */
export const notificationFanouts = pgTable("notification_fanouts", {
  paperId: integer("paper_id")
    .primaryKey()
    .references(() => papers.id, { onDelete: "cascade" }),
  /** The UTC day the paper arrived: the day of its notifications. */
  day: date("day", { mode: "string" }).notNull(),
  afterUserId: text("after_user_id").notNull().default(""),
  afterSource: text("after_source").notNull().default(""),
  enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** A reader mutes another user: their comments no longer notify the reader. */
export const userMutes = pgTable(
  "user_mutes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    mutedUserId: text("muted_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.mutedUserId] }),
    check("user_mutes_not_self", sql`${t.userId} <> ${t.mutedUserId}`),
  ],
);

export const notificationEmailMode = pgEnum("notification_email_mode", ["off", "instant", "daily"]);

/** E-mail per notification kind; no row means off (the default). */
export const notificationEmailPreferences = pgTable(
  "notification_email_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    mode: notificationEmailMode("mode").notNull().default("off"),
    /** Only notifications after this are mailed: turning e-mail on does not mail the past. */
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * One notification e-mail per user and period (`instant:{10-minute slot}` or
 * `daily:{YYYY-MM-DD}`): the unique key and the claim (FOR UPDATE SKIP LOCKED, a lease) make
 * each go out once, as digest_deliveries do. The notifications it carries are fixed when it
 * is queued, so a retry sends the same mail under the same Message-ID.
 */
export const notificationEmailDeliveries = pgTable(
  "notification_email_deliveries",
  {
    id: serial("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    notificationIds: integer("notification_ids").array().notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    messageId: text("message_id").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_email_deliveries_user_period_key").on(t.userId, t.periodKey),
    index("notification_email_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index("notification_email_deliveries_user_created_idx").on(t.userId, t.createdAt.desc()),
  ],
);
