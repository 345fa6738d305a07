import "server-only";
import { z } from "zod";
import * as schemas from "@/lib/http/api-schemas";
import { deleteAccountSchema } from "@/lib/identity/account";
import { dailyPapersQuerySchema } from "@/lib/ranking/daily-papers";
import { commentVoteSchema, editCommentSchema, newCommentSchema, reportSchema } from "@/lib/discussion/comments";
import { feedQuerySchema } from "@/lib/browse/feeds";
import { preferencesSchema, savedListQuerySchema, savedPaperBodySchema } from "@/lib/reader/reading-list";
import { searchQuerySchema } from "@/lib/browse/search";
import { submissionSchema } from "@/lib/intake/submissions";
import { subscribeSchema } from "@/lib/mail/subscriptions";
import { tokenNameSchema } from "@/lib/identity/tokens";
import { voteBodySchema } from "@/lib/ranking/votes";
import { markReadSchema, notificationListQuerySchema } from "@/lib/reader/notifications";

/**
 * The OpenAPI 3.1 document of GET /api/openapi.json, generated from the same zod schemas
 * that validate requests (and describe answers), so the two cannot drift. Each operation
 * carries `x-example`: a request that works on the demo data, which the conformance test
 * (e2e/openapi.spec.ts) sends and whose answer it checks against the documented schema.
 */

type Auth = "none" | "token" | "cron" | "metrics";

export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  description?: string;
  auth: Auth;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → registered response schema (null: no body; "html"/"markdown"/"text": not JSON). */
  responses: Record<number, { description: string; schema: z.ZodType | null | "html" | "markdown" | "text" }>;
  example: {
    path?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    status: number;
  };
}

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description:
          {
            400: "Malformed input; `field` names it",
            401: "Not signed in, or an invalid or revoked token",
            403: "Not allowed (banned, foreign Origin, not yours)",
            404: "No such resource",
            409: "Conflicts with the current state",
            422: "Well-formed but refused; `field` names the input (e.g. a confirmation that does not match)",
            429: "Rate limited; see Retry-After",
            502: "arXiv answered something unreadable",
            503: "arXiv or the database is unavailable; see Retry-After",
          }[status] ?? "Error",
        schema: schemas.errorSchema,
      },
    ]),
  );

// GET /api/papers also takes feed=following (app/api/papers/route.ts, lib/reader/follows.ts): the
// documented query widens the feed names and keeps every other parameter as validated.
const { feed: _feed, ...feedParameters } = feedQuerySchema.shape;
const documentedFeedQuery = z.object({ feed: z.enum(schemas.API_FEEDS).default("trending"), ...feedParameters });

const ARXIV = { arxivId: "arXiv id; old-style ids keep their slash, e.g. hep-th/9901001" };
const COMMENT = { id: "Comment id" };

export const operations: OperationSpec[] = [
  {
    method: "get",
    path: "/api/health",
    summary: "Health check",
    auth: "none",
    responses: {
      200: { description: "The app reaches its database", schema: schemas.healthSchema },
      503: { description: "Database down", schema: schemas.healthSchema },
    },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/api/me",
    summary: "Who is calling",
    description:
      "The signed-in user of the session or token, and how one signs in here. The site header reads it, so that pages without per-user content can be prerendered.",
    auth: "token",
    responses: {
      200: { description: "The caller (viewer null when signed out)", schema: schemas.meSchema },
      ...errors(401),
    },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/api/me/export",
    summary: "Export your data",
    description:
      "Everything the site holds about you as one JSON file (an attachment, streamed): profile, e-mail and digest subscriptions, votes with times, comments with their markdown, comment votes, submissions, reports you filed, API token names and dates (never secrets). At most 5 an hour.",
    auth: "token",
    responses: {
      200: { description: "The export (Content-Disposition: attachment)", schema: schemas.accountExportSchema },
      ...errors(401, 429),
    },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/api/me/follows",
    summary: "What you follow",
    description:
      "The authors (by name as arXiv spells it), arXiv categories and paper discussions the caller follows (docs/FOLLOWS.md).",
    auth: "token",
    responses: { 200: { description: "The caller's follows", schema: schemas.followListSchema }, ...errors(401) },
    example: { status: 200 },
  },
  {
    method: "put",
    path: "/api/me/follows/authors/{name}",
    summary: "Follow an author",
    description:
      "By name exactly as arXiv spells it (URL-encoded); 404 when no paper here lists that name. Their papers join your Following feed (`/following`, `feed=following`).",
    auth: "token",
    pathParams: { name: "The author's name as arXiv spells it, e.g. Ashish%20Vaswani" },
    responses: {
      200: { description: "Followed (idempotent)", schema: schemas.followStateSchema },
      ...errors(400, 401, 403, 404, 409),
    },
    example: { path: { name: "Haoxiang Wang" }, status: 200 },
  },
  {
    method: "delete",
    path: "/api/me/follows/authors/{name}",
    summary: "Unfollow an author",
    auth: "token",
    pathParams: { name: "The author's name as arXiv spells it" },
    responses: { 204: { description: "Not followed any more (idempotent)", schema: null }, ...errors(400, 401, 403) },
    example: { path: { name: "Haoxiang Wang" }, status: 204 },
  },
  {
    method: "put",
    path: "/api/me/follows/categories/{category}",
    summary: "Follow an arXiv category",
    auth: "token",
    pathParams: { category: "An arXiv category, e.g. cs.CL" },
    responses: {
      200: { description: "Followed (idempotent)", schema: schemas.followStateSchema },
      ...errors(400, 401, 403, 409),
    },
    example: { path: { category: "cs.CL" }, status: 200 },
  },
  {
    method: "delete",
    path: "/api/me/follows/categories/{category}",
    summary: "Unfollow an arXiv category",
    auth: "token",
    pathParams: { category: "An arXiv category, e.g. cs.CL" },
    responses: { 204: { description: "Not followed any more (idempotent)", schema: null }, ...errors(400, 401, 403) },
    example: { path: { category: "cs.CL" }, status: 204 },
  },
  {
    method: "put",
    path: "/api/me/follows/papers/{arxivId}",
    summary: "Follow a paper's discussion",
    description: "Commenting on a paper or submitting it follows its discussion by itself.",
    auth: "token",
    pathParams: ARXIV,
    responses: { 200: { description: "Followed", schema: schemas.followStateSchema }, ...errors(401, 403, 404) },
    example: { path: { arxivId: "2406.12845" }, status: 200 },
  },
  {
    method: "delete",
    path: "/api/me/follows/papers/{arxivId}",
    summary: "Unfollow a paper's discussion",
    description: "Remembered: commenting on the paper later does not follow it again.",
    auth: "token",
    pathParams: ARXIV,
    responses: { 204: { description: "Unfollowed", schema: null }, ...errors(401, 403, 404) },
    example: { path: { arxivId: "2406.12845" }, status: 204 },
  },
  {
    method: "get",
    path: "/api/me/saved",
    summary: "Your reading list",
    description:
      "Saved papers, newest saved first, with when each was marked read. Also as files: `/saved/export.bib` (BibTeX) and `/saved/export.json` (CSL-JSON).",
    auth: "token",
    query: savedListQuerySchema,
    responses: {
      200: { description: "A page of the reading list", schema: schemas.savedListSchema },
      ...errors(400, 401),
    },
    example: { query: { limit: "10" }, status: 200 },
  },
  {
    method: "put",
    path: "/api/me/saved/{arxivId}",
    summary: "Save a paper for later, or mark it read",
    description:
      'Idempotent; the body is optional: `{"read": true}` marks it read, `false` unread. 409 when the list holds 5,000 papers.',
    auth: "token",
    pathParams: ARXIV,
    body: savedPaperBodySchema,
    responses: { 200: { description: "Saved", schema: schemas.savedStateSchema }, ...errors(400, 401, 403, 404, 409) },
    example: { path: { arxivId: "2406.12845" }, body: { read: false }, status: 200 },
  },
  {
    method: "get",
    path: "/api/me/saved/{arxivId}",
    summary: "Whether you saved a paper",
    auth: "token",
    pathParams: ARXIV,
    responses: { 200: { description: "Its saved state", schema: schemas.savedStateSchema }, ...errors(401, 404) },
    example: { path: { arxivId: "2406.12845" }, status: 200 },
  },
  {
    method: "delete",
    path: "/api/me/saved/{arxivId}",
    summary: "Remove a paper from your reading list",
    auth: "token",
    pathParams: ARXIV,
    responses: { 204: { description: "Removed (idempotent)", schema: null }, ...errors(401, 403, 404) },
    example: { path: { arxivId: "2406.12845" }, status: 204 },
  },
  {
    method: "get",
    path: "/saved/export.bib",
    summary: "Your reading list as BibTeX",
    description:
      "One .bib file, an arXiv-style @misc entry per saved paper (unique citation keys), newest saved first.",
    auth: "token",
    responses: { 200: { description: "application/x-bibtex (an attachment)", schema: "text" }, ...errors(401) },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/saved/export.json",
    summary: "Your reading list as CSL-JSON",
    description:
      "`application/vnd.citationstyles.csl+json`, which Zotero, Mendeley and citeproc import: id, type, title, author (family/given), issued, URL, archive, number (the arXiv id), abstract.",
    auth: "token",
    responses: {
      200: { description: "The CSL-JSON items (an attachment)", schema: schemas.cslItemListSchema },
      ...errors(401),
    },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/api/me/preferences",
    summary: "Your reading preferences",
    auth: "token",
    responses: { 200: { description: "The preferences", schema: schemas.preferencesResponseSchema }, ...errors(401) },
    example: { status: 200 },
  },
  {
    method: "put",
    path: "/api/me/preferences",
    summary: "Set your reading preferences",
    description: "`hideSeen`: hide papers you have saved, voted on or opened, on every feed of the site.",
    auth: "token",
    body: preferencesSchema,
    responses: {
      200: { description: "The preferences", schema: schemas.preferencesResponseSchema },
      ...errors(400, 401, 403),
    },
    example: { body: { hideSeen: false }, status: 200 },
  },
  {
    method: "delete",
    path: "/api/me",
    summary: "Delete your account (signed-in session only)",
    description:
      'Confirmed by sending your login. Sessions and tokens end at once; votes are removed; your comments stay as "[deleted user]" with their text removed. A token cannot do this: it answers 403 to a bearer token.',
    auth: "token",
    body: deleteAccountSchema,
    responses: { 204: { description: "Deleted", schema: null }, ...errors(400, 401, 403, 422) },
    example: { body: { login: "your-login" }, status: 403 },
  },
  {
    method: "get",
    path: "/api/papers",
    summary: "A feed of papers",
    description:
      "trending (live, by vote velocity), daily (added on `date`), weekly/monthly (votes cast in `week`/`month`), new; following: the caller's Following feed (papers by followed authors and in followed categories, newest first, each with `followedBecause`; needs a session or token, 401 without; only `limit` and `cursor` apply).",
    auth: "none",
    query: documentedFeedQuery,
    responses: { 200: { description: "A page of the feed", schema: schemas.feedResponseSchema }, ...errors(400) },
    example: { query: { feed: "trending", limit: "5" }, status: 200 },
  },
  {
    method: "post",
    path: "/api/papers",
    summary: "Submit a paper by arXiv id or URL",
    description: "Metadata comes from arXiv. 201 when added, 200 when it was already here.",
    auth: "token",
    body: submissionSchema,
    responses: {
      200: { description: "Already here", schema: schemas.paperSchema },
      201: { description: "Added", schema: schemas.paperSchema },
      ...errors(400, 401, 403, 404, 429, 502, 503),
    },
    example: { body: { arxivId: "https://arxiv.org/abs/2406.12845" }, status: 200 },
  },
  {
    method: "get",
    path: "/api/papers/{arxivId}",
    summary: "One paper",
    description:
      "In Hugging Face's field names (huggingface_hub's `paper_info` reads it), with Paperboard's own beside them.",
    auth: "none",
    pathParams: ARXIV,
    responses: { 200: { description: "The paper", schema: schemas.paperSchema }, ...errors(404) },
    example: { path: { arxivId: "2406.12845" }, status: 200 },
  },
  {
    method: "get",
    path: "/api/daily_papers",
    summary: "Daily papers, as Hugging Face Papers lists them",
    description:
      "Hugging Face's `GET /api/daily_papers` (huggingface_hub's `list_daily_papers`): a JSON array of daily-paper items, the papers added on `date`, in `week` or in `month` (at most one), newest first or by votes in the period. Without a period, every paper, newest first (`sort=trending`: the live trending ranking).",
    auth: "none",
    query: dailyPapersQuerySchema,
    responses: { 200: { description: "The page of papers", schema: schemas.dailyPaperListSchema }, ...errors(400) },
    example: { query: { sort: "trending", limit: "5", p: "0" }, status: 200 },
  },
  {
    method: "get",
    path: "/api/papers/search",
    summary: "Search papers, as Hugging Face Papers answers",
    description:
      "Hugging Face's `GET /api/papers/search` (huggingface_hub's `list_papers`): our search (see /api/search) as an array of daily-paper items. Without `q`, the newest papers.",
    auth: "none",
    query: z.object({
      q: z.string().optional().describe('Words, "phrases", -exclusions, OR; or an arXiv id'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    responses: {
      200: { description: "Matching papers, best first", schema: schemas.dailyPaperListSchema },
      ...errors(400),
    },
    example: { query: { q: "reward model", limit: "5" }, status: 200 },
  },
  {
    method: "get",
    path: "/papers/{arxivId}.md",
    summary: "A paper page as markdown",
    description:
      'Title, authors, links (with GitHub stars), abstract and the top of the discussion, as Hugging Face Papers serves `/papers/{id}.md`; what scripts and language-model agents read best. Paper pages announce it with `<link rel="alternate" type="text/markdown">`.',
    auth: "none",
    pathParams: ARXIV,
    responses: { 200: { description: "The markdown document", schema: "markdown" }, ...errors(404) },
    example: { path: { arxivId: "2406.12845" }, status: 200 },
  },
  {
    method: "put",
    path: "/api/papers/{arxivId}/vote",
    summary: "Set your upvote on a paper",
    description: "Send the desired state, not a toggle: a retry never flips it twice.",
    auth: "token",
    pathParams: ARXIV,
    body: voteBodySchema,
    responses: {
      200: { description: "The state and the count", schema: schemas.voteStateSchema },
      ...errors(400, 401, 403, 404, 429),
    },
    example: { path: { arxivId: "2406.12845" }, body: { upvoted: true }, status: 200 },
  },
  {
    method: "get",
    path: "/api/papers/{arxivId}/comments",
    summary: "A paper's discussion as a tree",
    auth: "none",
    pathParams: ARXIV,
    query: z.object({
      order: z.enum(["best", "new"]).default("best").describe("best: Wilson lower bound of upvotes; new: newest first"),
    }),
    responses: { 200: { description: "The tree", schema: schemas.commentTreeSchema }, ...errors(400, 404) },
    example: { path: { arxivId: "2406.12845" }, query: { order: "new" }, status: 200 },
  },
  {
    method: "post",
    path: "/api/papers/{arxivId}/comments",
    summary: "Comment on a paper, or reply to a comment",
    description: "Markdown with LaTeX math ($...$, $$...$$). 1 to 10,000 characters.",
    auth: "token",
    pathParams: ARXIV,
    body: newCommentSchema,
    responses: {
      201: { description: "The new comment", schema: schemas.commentSchema },
      ...errors(400, 401, 403, 404, 429),
    },
    example: {
      path: { arxivId: "2406.12845" },
      body: { body: "Does the gating network overfit? $\\lambda = 0.1$ seems small." },
      status: 201,
    },
  },
  {
    method: "patch",
    path: "/api/comments/{id}",
    summary: "Edit your comment",
    auth: "token",
    pathParams: COMMENT,
    body: editCommentSchema,
    responses: {
      200: { description: "The edited comment (marked edited)", schema: schemas.commentSchema },
      ...errors(400, 401, 403, 404, 409),
    },
    example: { path: { id: "$comment" }, body: { body: "Edited: does the gating network overfit?" }, status: 200 },
  },
  {
    method: "put",
    path: "/api/comments/{id}/vote",
    summary: "Set your upvote on a comment",
    auth: "token",
    pathParams: COMMENT,
    body: commentVoteSchema,
    responses: {
      200: { description: "The state and the count", schema: schemas.voteStateSchema },
      ...errors(400, 401, 403, 404, 409, 429),
    },
    example: { path: { id: "$otherComment" }, body: { upvoted: true }, status: 200 },
  },
  {
    method: "post",
    path: "/api/comments/{id}/report",
    summary: "Report a comment to the moderators",
    auth: "token",
    pathParams: COMMENT,
    body: reportSchema,
    responses: { 204: { description: "Reported", schema: null }, ...errors(400, 401, 403, 404, 409, 429) },
    example: { path: { id: "$otherComment" }, body: { reason: "Off topic" }, status: 204 },
  },
  {
    method: "delete",
    path: "/api/comments/{id}",
    summary: "Delete your comment",
    description: 'Its text becomes "[deleted]"; replies stay.',
    auth: "token",
    pathParams: COMMENT,
    responses: { 204: { description: "Deleted", schema: null }, ...errors(401, 403, 404, 409) },
    example: { path: { id: "$comment" }, status: 204 },
  },
  {
    method: "get",
    path: "/api/trending/{date}",
    summary: "A day's trending snapshot",
    description: "The ranking at 00:00 UTC at the end of `date`.",
    auth: "none",
    pathParams: { date: "YYYY-MM-DD" },
    responses: { 200: { description: "The snapshot", schema: schemas.snapshotResponseSchema }, ...errors(400, 404) },
    example: { path: { date: "$yesterday" }, status: 200 },
  },
  {
    method: "get",
    path: "/api/search",
    summary: "Search papers",
    description:
      'Full-text over title, authors and abstract, with "phrases", -exclusion and OR; a typo-tolerant fallback.',
    auth: "none",
    query: searchQuerySchema,
    responses: { 200: { description: "Results", schema: schemas.searchResponseSchema }, ...errors(400) },
    example: { query: { q: "reward model", order: "relevance" }, status: 200 },
  },
  {
    method: "post",
    path: "/api/subscriptions",
    summary: "Subscribe an address to the trending digest",
    description: "Always 202: a confirmation link goes to the address; nothing else is sent until it is followed.",
    auth: "none",
    body: subscribeSchema,
    responses: { 202: { description: "Accepted", schema: schemas.acceptedSchema }, ...errors(400, 429) },
    example: { body: { email: "openapi-example@example.org", frequency: "weekly" }, status: 202 },
  },
  {
    method: "post",
    path: "/api/unsubscribe",
    summary: "One-click unsubscribe (RFC 8058)",
    description: "The URL of every digest's List-Unsubscribe header; the signed token is the authorization.",
    auth: "none",
    query: z.object({ token: z.string() }),
    responses: { 200: { description: "Unsubscribed", schema: schemas.unsubscribedSchema }, ...errors(400) },
    example: { query: { token: "not-a-valid-token" }, status: 400 },
  },
  {
    method: "get",
    path: "/api/me/notifications",
    summary: "Your notifications",
    description:
      "Newest first: replies to your comments, new comments in discussions you follow, @mentions, moderator actions on your content, and new papers by followed authors or in followed categories (one per source and day). `unread=true` lists only unread ones; `unreadCount` is always the total unread. Page with `offset`/`limit`; `nextOffset` is null on the last page.",
    auth: "token",
    query: notificationListQuerySchema,
    responses: {
      200: { description: "A page of the inbox", schema: schemas.notificationListSchema },
      ...errors(400, 401),
    },
    example: { query: { limit: "10", unread: "true" }, status: 200 },
  },
  {
    method: "post",
    path: "/api/me/notifications/read",
    summary: "Mark notifications read",
    description:
      '`{"ids": [...]}` marks those of yours (ids of others\' notifications change nothing); `{"all": true}` marks every one.',
    auth: "token",
    body: markReadSchema,
    responses: {
      200: { description: "How many changed, and what is still unread", schema: schemas.markedReadSchema },
      ...errors(400, 401, 403),
    },
    example: { body: { all: true }, status: 200 },
  },
  {
    method: "post",
    path: "/api/notifications/unsubscribe",
    summary: "One-click unsubscribe from notification e-mail (RFC 8058)",
    description:
      "The URL of every notification e-mail's List-Unsubscribe header: turns off e-mail for the kinds the signed token names. The token is the authorization.",
    auth: "none",
    query: z.object({ token: z.string() }),
    responses: {
      200: { description: "Those kinds are off", schema: schemas.notificationsUnsubscribedSchema },
      ...errors(400),
    },
    example: { query: { token: "not-a-valid-token" }, status: 400 },
  },
  {
    method: "get",
    path: "/api/notifications/unsubscribe",
    summary: "The confirmation page of a notification unsubscribe link",
    description:
      "A GET changes nothing (link scanners follow every URL in a mail): it redirects (303) to the page with the button.",
    auth: "none",
    query: z.object({ token: z.string() }),
    responses: {
      303: { description: "To /notifications/unsubscribe?token=…", schema: null },
      200: { description: "That page, for a client that follows the redirect", schema: "html" },
    },
    example: { query: { token: "not-a-valid-token" }, status: 200 },
  },
  {
    method: "get",
    path: "/api/tokens",
    summary: "Your API tokens",
    auth: "token",
    responses: {
      200: { description: "Active tokens (never their secrets)", schema: schemas.tokenListSchema },
      ...errors(401),
    },
    example: { status: 200 },
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create an API token (signed-in session only)",
    description: "A token cannot create tokens: this answers 403 to a bearer token.",
    auth: "token",
    body: tokenNameSchema,
    responses: {
      201: { description: "The token, shown once", schema: schemas.newTokenSchema },
      ...errors(400, 401, 403, 409, 429),
    },
    example: { body: { name: "minted-by-a-token" }, status: 403 },
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    summary: "Revoke one of your API tokens",
    auth: "token",
    pathParams: { id: "Token id" },
    responses: { 204: { description: "Revoked", schema: null }, ...errors(401, 404) },
    example: { path: { id: "999999" }, status: 404 },
  },
  {
    method: "post",
    path: "/api/cron/trending",
    summary: "Write missing daily trending snapshots",
    description: "For an external scheduler: `Authorization: Bearer $CRON_SECRET`. With `date`, rewrites that day.",
    auth: "cron",
    query: z.object({ date: z.string().optional().describe("YYYY-MM-DD") }),
    responses: { 200: { description: "Days written", schema: schemas.cronResultSchema }, ...errors(400, 401, 403) },
    example: { status: 401 },
  },
  {
    method: "post",
    path: "/api/cron/jobs",
    summary: "Run every due background job once",
    description:
      "For an external scheduler (systemd timer, Kubernetes CronJob, a platform's cron): `Authorization: Bearer $CRON_SECRET`. Runs the trending snapshots, the digest and the scheduled arXiv ingest when due, and answers what each did. Safe at any frequency and from several places at once: a job another call is running answers `busy`.",
    auth: "cron",
    responses: { 200: { description: "What each job did", schema: schemas.cronJobsResultSchema }, ...errors(401, 403) },
    example: { status: 401 },
  },
  {
    method: "get",
    path: "/api/cron/jobs",
    summary: "Run every due background job once (for Vercel Cron)",
    description:
      "The same as the POST, for schedulers that can only send GET (Vercel Cron sends `Authorization: Bearer $CRON_SECRET` itself).",
    auth: "cron",
    responses: { 200: { description: "What each job did", schema: schemas.cronJobsResultSchema }, ...errors(401, 403) },
    example: { status: 401 },
  },
  {
    method: "get",
    path: "/api/metrics",
    summary: "Prometheus metrics of this app server",
    description:
      "The Prometheus text format: requests by route and status with latency histograms, votes, comments, sign-ins, live-ranking cache hits and misses, job runs, database pool use. `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN the endpoint answers 404.",
    auth: "metrics",
    responses: { 200: { description: "Prometheus text exposition format 0.0.4", schema: "text" }, ...errors(401, 404) },
    example: { status: 401 },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    auth: "none",
    responses: { 200: { description: "OpenAPI 3.1", schema: null } },
    example: { status: 200 },
  },
  {
    method: "get",
    path: "/api/auth/{action}",
    summary: "Auth.js endpoints (sign-in with GitHub, session, sign-out)",
    description:
      "Handled by Auth.js: /api/auth/signin/github, /api/auth/callback/github, /api/auth/session, /api/auth/csrf, /api/auth/signout.",
    auth: "none",
    pathParams: { action: "e.g. session, csrf, providers" },
    responses: { 200: { description: "Auth.js JSON", schema: null } },
    example: { path: { action: "providers" }, status: 200 },
  },
];

const uri = (id: string) => `#/components/schemas/${id}`;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

function refOrInline(schema: z.ZodType): Record<string, unknown> {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: uri(id) } : jsonSchema(schema, "output");
}

export function buildOpenApiDocument(siteUrl: string) {
  const registry = z.toJSONSchema(z.globalRegistry, { uri, io: "output", unrepresentable: "any" }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const components = Object.fromEntries(
    Object.entries(registry.schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: Record<string, unknown>[] = [];
    for (const [name, description] of Object.entries(op.pathParams ?? {})) {
      parameters.push({ name, in: "path", required: true, description, schema: { type: "string" } });
    }
    if (op.query) {
      const query = jsonSchema(op.query, "input") as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] =
        response.schema === null
          ? { description: response.description }
          : response.schema === "html" || response.schema === "text"
            ? {
                description: response.description,
                content: { [response.schema === "html" ? "text/html" : "text/plain"]: {} },
              }
            : response.schema === "markdown"
              ? { description: response.description, content: { "text/markdown": { schema: { type: "string" } } } }
              : {
                  description: response.description,
                  content: { "application/json": { schema: refOrInline(response.schema) } },
                };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? "").toUpperCase())}`,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.auth === "token"
        ? { security: [{ bearerToken: [] }, { sessionCookie: [] }] }
        : op.auth === "cron"
          ? { security: [{ cronSecret: [] }] }
          : op.auth === "metrics"
            ? { security: [{ metricsToken: [] }] }
            : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(op.body, "input"), example: op.example.body } },
            },
          }
        : {}),
      responses,
      "x-example": op.example,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Paperboard API",
      version: "1",
      description:
        'Everything the site does, for scripts: read feeds and papers, search, vote, comment and submit. Writes need a personal API token (`Authorization: Bearer pb_…`, created on the settings page) or a session cookie with this site\'s Origin. Errors are `{"error", "field"?}`; 429 answers carry Retry-After.',
    },
    servers: [{ url: siteUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token from the settings page" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The browser session; writes must send this site's Origin",
        },
        cronSecret: { type: "http", scheme: "bearer", description: "CRON_SECRET" },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
      },
    },
  };
}
