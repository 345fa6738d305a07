import { z } from "zod";

/**
 * The JSON the API answers, as zod schemas: the OpenAPI document (lib/http/openapi.ts) is
 * generated from them, and the conformance test checks real answers against it.
 */

/** The shared feeds, as pages, feed documents and `GET /api/papers?feed=` name them (lib/browse/feeds.ts). */
export const FEEDS = ["trending", "daily", "weekly", "monthly", "new"] as const;
/** What `GET /api/papers?feed=` answers for: the shared feeds and the caller's own Following feed. */
export const API_FEEDS = [...FEEDS, "following"] as const;

export const errorSchema = z
  .object({ error: z.string(), field: z.string().optional() })
  .meta({ id: "Error", description: "What went wrong; `field` names the offending input when there is one." });

export const trendingInfoSchema = z
  .object({
    rank: z.number().int().min(1),
    score: z.number(),
    votes24h: z.number().int().min(0),
    votesPerHour: z.number().min(0),
  })
  .meta({ id: "TrendingInfo", description: "Why the paper is on the trending list (docs/RANKING.md)." });

/**
 * One paper, in Hugging Face Papers' field names (`GET /api/papers/{id}` there, read by
 * huggingface_hub's `PaperInfo`: `id`, `title`, `summary`, `authors[].name`, `publishedAt`,
 * `upvotes`, `numComments`, `githubRepo`, `githubStars`, `projectPage`, `submittedBy`,
 * `submittedOnDailyAt`), with Paperboard's own fields beside them. Every JSON answer that
 * carries a paper uses this schema; lib/papers/paper-json.ts is its one serializer.
 */
export const paperAuthorSchema = z
  .object({ name: z.string() })
  .meta({ id: "PaperAuthor", description: "Hugging Face's PaperAuthor: `name` as arXiv lists it." });

export const paperUserSchema = z
  .object({
    name: z.string().describe("GitHub login (Hugging Face: the user name)"),
    fullname: z.string().describe("Display name; the login when none is set"),
    avatarUrl: z.string().describe("Avatar URL; empty when the user has none"),
    type: z.literal("user"),
  })
  .meta({ id: "PaperUser", description: "Who submitted the paper, in Hugging Face's `submittedBy` shape." });

export const paperSchema = z
  .object({
    id: z.string().describe("arXiv id; old-style ids keep their slash (hep-th/9901001)"),
    title: z.string(),
    summary: z.string().describe("The abstract"),
    authors: z.array(paperAuthorSchema),
    publishedAt: z.iso
      .datetime()
      .nullable()
      .describe("First published on arXiv (00:00 UTC of that day); null when unknown"),
    submittedOnDailyAt: z.iso.datetime().describe("When it was added here (Hugging Face: submitted to Daily Papers)"),
    upvotes: z.number().int().min(0),
    numComments: z.number().int().min(0),
    githubRepo: z.string().nullable().describe("Code repository URL"),
    githubStars: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe("The GitHub repository's stars, read daily; null when there is none"),
    githubStarsThisWeek: z
      .number()
      .int()
      .nullable()
      .describe("Stars gained since the sample a week before; null without one"),
    projectPage: z.string().nullable(),
    submittedBy: paperUserSchema.nullable().describe("Null for papers ingested from arXiv"),
    thumbnail: z.string().describe("The paper's 1200×630 link-preview image"),
    categories: z.array(z.string()).describe("arXiv categories, primary first"),
    addedAt: z.iso.datetime(),
    url: z.string().describe("The paper's page here"),
    absUrl: z.string(),
    pdfUrl: z.string(),
    upvoted: z.boolean().optional().describe("Present for a signed-in caller: whether they upvoted it."),
    trending: trendingInfoSchema.optional().describe("On trending feeds and snapshots"),
    periodVotes: z.number().int().optional().describe("On weekly and monthly feeds: votes cast in the period"),
    followedBecause: z
      .array(z.string())
      .optional()
      .describe('On the Following feed: why the paper is there, e.g. ["by Ashish Vaswani", "in cs.CL"]'),
  })
  .meta({ id: "Paper" });
export type PaperJson = z.infer<typeof paperSchema>;

export const feedResponseSchema = z
  .object({
    feed: z.enum(API_FEEDS),
    period: z
      .object({ key: z.string(), label: z.string(), previous: z.string(), next: z.string().nullable() })
      .nullable(),
    items: z.array(paperSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "FeedResponse" });
export type FeedResponseJson = z.infer<typeof feedResponseSchema>;

export const snapshotResponseSchema = z
  .object({
    date: z.string(),
    previous: z.string().nullable(),
    next: z.string().nullable(),
    items: z.array(paperSchema),
  })
  .meta({ id: "TrendingSnapshot" });
export type SnapshotResponseJson = z.infer<typeof snapshotResponseSchema>;

/**
 * An item of `GET /api/daily_papers` and `GET /api/papers/search`, in Hugging Face's
 * daily-paper shape: the paper, and beside it when it was submitted (`publishedAt`), by whom,
 * its title, summary, thumbnail and comment count, as huggingface_hub's PaperInfo reads them.
 */
export const dailyPaperSchema = z
  .object({
    paper: paperSchema,
    publishedAt: z.iso.datetime().describe("When the paper was added here (Hugging Face: submitted to Daily Papers)"),
    title: z.string(),
    summary: z.string(),
    thumbnail: z.string(),
    numComments: z.number().int().min(0),
    submittedBy: paperUserSchema.nullable(),
    isAuthorParticipating: z.boolean().describe("Always false: authors are not linked to accounts here"),
  })
  .meta({ id: "DailyPaper" });
export type DailyPaperJson = z.infer<typeof dailyPaperSchema>;

export const dailyPaperListSchema = z.array(dailyPaperSchema).meta({ id: "DailyPaperList" });

export const voteStateSchema = z
  .object({ upvoted: z.boolean(), upvotes: z.number().int().min(0) })
  .meta({ id: "VoteState" });

/** A comment as the API answers it. */
export interface CommentJson {
  id: number;
  parentId: number | null;
  depth: number;
  author: string | null;
  body: string | null;
  html: string | null;
  state: "visible" | "deleted" | "removed";
  createdAt: string;
  editedAt: string | null;
  upvotes: number;
  children?: CommentJson[];
}

export const commentSchema: z.ZodType<CommentJson> = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    depth: z.number().int().min(0),
    author: z.string().nullable(),
    body: z.string().nullable().describe('Markdown source; "[deleted]" or "[removed by a moderator]" when gone.'),
    html: z.string().nullable().describe("Sanitized HTML rendering (markdown and KaTeX)."),
    state: z.enum(["visible", "deleted", "removed"]),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    upvotes: z.number().int().min(0),
    get children() {
      return z.array(commentSchema).optional();
    },
  })
  .meta({ id: "Comment" });

export const commentTreeSchema = z
  .object({ order: z.enum(["best", "new"]), comments: z.array(commentSchema) })
  .meta({ id: "CommentTree" });
export type CommentTreeJson = z.infer<typeof commentTreeSchema>;

export const searchResponseSchema = z
  .object({
    query: z.string(),
    fuzzy: z.boolean().describe("True when no word matched and the results are spelling-tolerant guesses."),
    correctedQuery: z
      .string()
      .nullable()
      .describe(
        'With fuzzy results: the query corrected to words that papers use ("atention" → "attention"), or null when no word changed.',
      ),
    items: z.array(
      z.object({
        ...paperSchema.shape,
        match: z.enum(["fulltext", "similar"]),
        relevance: z.number(),
        snippet: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "SearchResponse" });
export type SearchResponseJson = z.infer<typeof searchResponseSchema>;

export const tokenInfoSchema = z
  .object({ id: z.number().int(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: "TokenInfo" });
export const newTokenSchema = tokenInfoSchema
  .extend({ token: z.string().describe("Shown once; only its hash is stored.") })
  .meta({ id: "NewToken" });
export const tokenListSchema = z.object({ tokens: z.array(tokenInfoSchema) }).meta({ id: "TokenList" });

export const meSchema = z
  .object({
    viewer: z
      .object({
        login: z.string().nullable(),
        name: z.string().nullable(),
        image: z.string().nullable(),
        role: z.enum(["user", "moderator", "admin"]),
      })
      .nullable()
      .describe("Who the session or token belongs to; null when signed out."),
    signIn: z
      .enum(["github", "demo"])
      .nullable()
      .describe("How one signs in on this server: GitHub, the development demo users, or not at all."),
    unreadNotifications: z
      .number()
      .int()
      .min(0)
      .describe("The caller's unread notifications (0 when signed out): the header's count."),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof meSchema>;

export const healthSchema = z.object({ ok: z.boolean(), database: z.enum(["up", "down"]) }).meta({ id: "Health" });
export const acceptedSchema = z.object({ status: z.literal("accepted"), message: z.string() }).meta({ id: "Accepted" });
export const unsubscribedSchema = z.object({ status: z.literal("unsubscribed") }).meta({ id: "Unsubscribed" });
/** The background jobs (lib/server/jobs.ts), in the order a run runs and reports them. */
export const JOB_NAMES = [
  "trending-snapshots",
  "digest",
  "arxiv-ingest",
  "github-stars",
  "notification-fanout",
  "notification-email",
] as const;
export const cronJobsResultSchema = z
  .object({
    jobs: z.array(
      z.object({
        job: z.enum(JOB_NAMES),
        outcome: z.enum(["ok", "failed", "busy"]).describe("busy: another server or call was running this job"),
        ms: z.number().optional(),
        result: z
          .unknown()
          .optional()
          .describe("The job's own summary: days written, mails queued and sent, categories ingested"),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: "CronJobsResult" });
export const cronResultSchema = z
  .object({ written: z.array(z.string()), papers: z.number().int().optional() })
  .meta({ id: "CronResult" });

const when = z.string().describe("ISO 8601 time");
const whenOrNull = z.string().nullable();

/** GET /api/me/export: everything the site holds about the caller (docs/PRIVACY.md). */
export const accountExportSchema = z
  .object({
    format: z.literal("paperboard-export/1"),
    exportedAt: when,
    profile: z
      .object({
        id: z.string(),
        login: z.string().nullable(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        emailVerified: whenOrNull,
        unverifiedEmail: z.string().nullable(),
        image: z.string().nullable(),
        githubId: z.number().nullable(),
        githubCreatedAt: whenOrNull,
        role: z.enum(["user", "moderator", "admin"]),
        joinedAt: when,
        bannedAt: whenOrNull,
        voteWeightOverride: z.number().nullable(),
      })
      .nullable(),
    accounts: z
      .array(
        z.object({
          provider: z.string(),
          providerAccountId: z.string(),
          type: z.string(),
          scope: z.string().nullable(),
        }),
      )
      .describe("Sign-in links (never their OAuth tokens)"),
    sessions: z.array(z.object({ expires: when })).describe("Signed-in browsers (never their tokens)"),
    subscriptions: z.array(
      z.object({
        email: z.string(),
        frequency: z.string(),
        status: z.string(),
        createdAt: when,
        confirmedAt: whenOrNull,
        unsubscribedAt: whenOrNull,
      }),
    ),
    digestDeliveries: z.array(
      z.object({
        email: z.string(),
        period: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        createdAt: when,
        sentAt: whenOrNull,
        lastError: z.string().nullable(),
      }),
    ),
    apiTokens: z
      .array(z.object({ name: z.string(), createdAt: when, lastUsedAt: whenOrNull, revokedAt: whenOrNull }))
      .describe("Names and dates, never secrets"),
    votes: z.array(z.object({ arxivId: z.string(), title: z.string(), votedAt: when, weight: z.number() })),
    comments: z.array(
      z.object({
        id: z.number().int(),
        arxivId: z.string(),
        parentId: z.number().int().nullable(),
        body: z.string().describe('The markdown as written ("[deleted]" once deleted)'),
        createdAt: when,
        editedAt: whenOrNull,
        deletedAt: whenOrNull,
        removedAt: whenOrNull,
        upvotes: z.number().int(),
      }),
    ),
    commentVotes: z.array(z.object({ commentId: z.number().int(), arxivId: z.string(), votedAt: when })),
    submissions: z.array(z.object({ arxivId: z.string(), title: z.string(), addedAt: when })),
    reports: z.array(
      z.object({
        commentId: z.number().int(),
        arxivId: z.string(),
        reason: z.string(),
        createdAt: when,
        resolvedAt: whenOrNull,
      }),
    ),
    followedAuthors: z.array(z.object({ name: z.string(), followedAt: when })),
    followedCategories: z.array(z.object({ category: z.string(), followedAt: when })),
    followedDiscussions: z
      .array(z.object({ arxivId: z.string(), following: z.boolean(), createdAt: when }))
      .describe(
        "Papers whose discussion you follow (following false: you unfollowed it, so commenting does not follow it again)",
      ),
    savedPapers: z.array(z.object({ arxivId: z.string(), title: z.string(), savedAt: when, readAt: whenOrNull })),
    openedPapers: z
      .array(z.object({ arxivId: z.string(), openedAt: when }))
      .describe("Paper pages you opened signed in (first time only)"),
    readerPreferences: z.array(z.object({ hideSeen: z.boolean(), updatedAt: when })).describe("At most one row"),
    notifications: z.array(
      z.object({
        kind: z.string(),
        actor: z.string().nullable(),
        arxivId: z.string().nullable(),
        commentId: z.number().int().nullable(),
        source: z.string().nullable().describe("new_papers: author:{name} or category:{name}"),
        day: z.string().nullable(),
        paperCount: z.number().int(),
        detail: z.string().nullable(),
        createdAt: when,
        readAt: whenOrNull,
        emailedAt: whenOrNull,
      }),
    ),
    notificationEmailPreferences: z.array(z.object({ kind: z.string(), mode: z.string(), updatedAt: when })),
    notificationEmails: z.array(
      z.object({
        period: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        createdAt: when,
        sentAt: whenOrNull,
      }),
    ),
    mutedUsers: z.array(z.object({ login: z.string().nullable(), mutedAt: when })),
    moderationLog: z.array(
      z.object({
        createdAt: when,
        moderator: z.string(),
        action: z.string(),
        target: z.string().nullable(),
        commentId: z.number().int().nullable(),
        arxivId: z.string().nullable(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: "AccountExport" });
export type AccountExport = z.infer<typeof accountExportSchema>;

// ---------------------------------------------------------------------------------------
// Follows and the reading list (docs/FOLLOWS.md)

export const savedStateSchema = z
  .object({
    id: z.string().describe("arXiv id"),
    saved: z.boolean(),
    savedAt: z.iso.datetime().nullable(),
    readAt: z.iso.datetime().nullable().describe("When the reader marked it read; null when unread or not saved"),
  })
  .meta({ id: "SavedState" });
export type SavedStateJson = z.infer<typeof savedStateSchema>;

export const savedListSchema = z
  .object({
    items: z.array(z.object({ paper: paperSchema, savedAt: z.iso.datetime(), readAt: z.iso.datetime().nullable() })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "SavedPaperList" });
export type SavedListJson = z.infer<typeof savedListSchema>;
export type SavedPaperJson = SavedListJson["items"][number];

export const followListSchema = z
  .object({
    authors: z.array(z.object({ name: z.string().describe("As arXiv spells it"), followedAt: z.iso.datetime() })),
    categories: z.array(z.object({ category: z.string(), followedAt: z.iso.datetime() })),
    papers: z
      .array(z.object({ id: z.string().describe("arXiv id"), title: z.string(), followedAt: z.iso.datetime() }))
      .describe("Discussions followed"),
  })
  .meta({ id: "FollowList" });
export type FollowListJson = z.infer<typeof followListSchema>;

export const followStateSchema = z
  .object({
    kind: z.enum(["author", "category", "paper"]),
    key: z.string().describe("The author's name, the category or the arXiv id"),
    following: z.boolean(),
  })
  .meta({ id: "FollowState" });

export const preferencesResponseSchema = z
  .object({ hideSeen: z.boolean().describe("Hide papers I have saved, voted or opened, on every feed") })
  .meta({ id: "ReaderPreferences" });

const cslNameSchema = z.object({
  family: z.string().optional(),
  given: z.string().optional(),
  suffix: z.string().optional(),
  literal: z.string().optional(),
});
export const cslItemListSchema = z
  .array(
    z.object({
      id: z.string(),
      type: z.literal("article"),
      title: z.string(),
      author: z.array(cslNameSchema),
      issued: z.object({ "date-parts": z.array(z.array(z.number().int())) }).optional(),
      URL: z.string(),
      DOI: z.string().optional(),
      archive: z.literal("arXiv"),
      publisher: z.literal("arXiv"),
      number: z.string().describe("The arXiv id"),
      abstract: z.string().optional(),
      keyword: z.string().optional(),
    }),
  )
  .meta({ id: "CslJson", description: "CSL-JSON, as Zotero, Mendeley and citeproc import it" });

const notificationPaperSchema = z.object({ id: z.string().describe("arXiv id"), title: z.string() });
export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(["reply", "discussion", "mention", "moderation", "new_papers"]),
    read: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string().describe("A day's new-papers notification moves up when a paper joins it"),
    actor: z.string().nullable().describe("Login of who caused it (commenter, moderator)"),
    paper: notificationPaperSchema.nullable(),
    commentId: z.number().int().nullable(),
    source: z
      .object({ type: z.enum(["author", "category"]), name: z.string() })
      .nullable()
      .describe("new_papers: the followed author or category"),
    papers: z.array(notificationPaperSchema).describe("new_papers: the day's papers from this source (the first 20)"),
    paperCount: z.number().int(),
    text: z.string(),
    url: z.string().describe("Site-relative: the exact comment (/papers/{id}?comment={n}#comment-{n}) or the paper"),
  })
  .meta({ id: "Notification" });
export type NotificationJson = z.infer<typeof notificationSchema>;
export const notificationListSchema = z
  .object({
    items: z.array(notificationSchema),
    unreadCount: z.number().int(),
    nextOffset: z.number().int().nullable(),
  })
  .meta({ id: "NotificationList" });
export const markedReadSchema = z
  .object({ marked: z.number().int(), unreadCount: z.number().int() })
  .meta({ id: "NotificationsMarkedRead" });
export const notificationsUnsubscribedSchema = z
  .object({ status: z.literal("unsubscribed"), kinds: z.array(z.string()) })
  .meta({ id: "NotificationsUnsubscribed" });
