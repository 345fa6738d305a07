import { commentHref, discussionHref, profileHref } from "@/lib/http/urls";
import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { CommentForm } from "@/components/comment-form";
import { formatRelative, plural } from "@/lib/format";
import { withKeyboardScrolling } from "@/lib/discussion/keyboard-scrollable";
import type { CommentNode } from "@/lib/discussion/comments";

/** The tree lib/discussion/comments.ts builds; only its type crosses into this component. */
export type ThreadComment = CommentNode;

interface FormState {
  error: string | null;
  saved: number;
  body?: string;
  previewHtml?: string;
  savedId?: number;
}
type FormStateAction = (state: FormState, formData: FormData) => Promise<FormState>;

export interface ThreadActions {
  post: FormStateAction;
  edit: FormStateAction;
  /** The live preview of a new comment or reply: rendered by the server, nothing stored. */
  preview: (body: string) => Promise<{ html: string | null; error: string | null }>;
  remove: (formData: FormData) => Promise<void>;
  vote: (formData: FormData) => Promise<void>;
  report: (formData: FormData) => Promise<void>;
  hide: (formData: FormData) => Promise<void>;
}

export interface ThreadViewer {
  signedIn: boolean;
  canWrite: boolean;
  /** Why a signed-in reader cannot write (the ban's one message, lib/moderation/moderation.ts). */
  bannedMessage: string;
  moderator: boolean;
  login: string | null;
}

// At least 24 px tall on phones (.tap-target): these sit close together under each comment.
const linkButton = "tap-target text-stone-500 hover:underline cursor-pointer";

function Hidden({ fields }: { fields: Record<string, string | number> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

function CommentView({
  comment,
  arxivId,
  actions,
  viewer,
  now,
}: {
  comment: ThreadComment;
  arxivId: string;
  actions: ThreadActions;
  viewer: ThreadViewer;
  now: Date;
}) {
  const permalink = commentHref(arxivId, comment.id);
  const base = { arxivId, commentId: comment.id };
  const own = viewer.login !== null && comment.author?.login === viewer.login;
  return (
    <li
      id={`comment-${comment.id}`}
      tabIndex={-1}
      className="comment relative mt-3 scroll-mt-16"
      data-testid="comment"
      data-comment-id={comment.id}
    >
      {/* The byline stays outside the collapse toggle, so its links are never inside a button;
          the toggle sits in the byline's left gutter and folds the body and replies below. */}
      <div className="comment-header flex min-h-6 flex-wrap items-center gap-x-2 pl-7 text-xs text-stone-500">
        {comment.author ? (
          <>
            <Avatar src={comment.author.image} name={comment.author.name ?? comment.author.login} size={16} />
            <Link
              href={profileHref(comment.author.login)}
              className="tap-target font-medium text-stone-700 hover:underline dark:text-stone-300"
            >
              {comment.author.login}
            </Link>
          </>
        ) : (
          <span>{comment.authorDeleted ? "[deleted user]" : "[deleted]"}</span>
        )}
        <Link href={permalink} className="tap-target hover:underline" title={comment.createdAt.toISOString()}>
          {formatRelative(comment.createdAt, now)}
        </Link>
        {comment.editedAt && <span title={comment.editedAt.toISOString()}>· edited</span>}
        <span data-testid="comment-upvotes">· {comment.upvotes} ▲</span>
        {comment.children.length > 0 && (
          <span className="comment-replies-hidden">· {plural(comment.children.length, "reply", "replies")} hidden</span>
        )}
      </div>
      <details open className="group">
        <summary
          className="absolute top-0 left-0 flex size-6 cursor-pointer list-none items-center justify-center font-mono text-xs text-stone-500 hover:text-stone-900 dark:hover:text-stone-100"
          aria-label={`Comment by ${comment.author?.login ?? "a deleted user"}`}
        >
          <span aria-hidden="true" className="group-open:hidden">
            [+]
          </span>
          <span aria-hidden="true" className="hidden group-open:inline">
            [–]
          </span>
        </summary>

        <div className="ml-5">
          {comment.state === "visible" ? (
            <div
              className="comment-body"
              data-testid="comment-body"
              dangerouslySetInnerHTML={{ __html: withKeyboardScrolling(comment.html ?? "") }}
            />
          ) : (
            <p className="text-sm text-stone-500 italic" data-testid="comment-body">
              {comment.state === "deleted" ? "[deleted]" : "[removed by a moderator]"}
            </p>
          )}
          {comment.removedHtml && (
            <div
              className="comment-body mt-1 border-l-2 border-amber-500 pl-2 opacity-70"
              dangerouslySetInnerHTML={{ __html: withKeyboardScrolling(comment.removedHtml) }}
            />
          )}

          <div className="mt-1 flex flex-wrap items-start gap-x-3 text-xs">
            {comment.state === "visible" && viewer.canWrite && !own && (
              <form action={actions.vote}>
                <Hidden fields={{ ...base, upvoted: String(!comment.upvoted) }} />
                <button
                  type="submit"
                  className={linkButton}
                  aria-pressed={comment.upvoted}
                  aria-label={comment.upvoted ? "Remove upvote" : "Upvote comment"}
                >
                  {comment.upvoted ? "▲ upvoted" : "▲ upvote"}
                </button>
              </form>
            )}
            {viewer.canWrite && comment.state !== "deleted" && (
              <CommentForm
                action={actions.post}
                livePreview={actions.preview}
                arxivId={arxivId}
                parentId={comment.id}
                submitLabel="Reply"
                collapsed={{ summary: "reply", summaryClassName: `${linkButton} list-none` }}
              />
            )}
            {comment.canEdit && comment.source !== null && (
              <CommentForm
                action={actions.edit}
                arxivId={arxivId}
                commentId={comment.id}
                initialBody={comment.source}
                submitLabel="Save"
                collapsed={{ summary: "edit", summaryClassName: `${linkButton} list-none` }}
              />
            )}
            {comment.canEdit && (
              <details>
                <summary className={`${linkButton} list-none`}>delete</summary>
                <form action={actions.remove} className="mt-1">
                  <Hidden fields={base} />
                  <button type="submit" className="tap-target rounded border border-accent px-2 py-0.5 text-accent">
                    Delete this comment
                  </button>
                </form>
              </details>
            )}
            {viewer.canWrite && !own && comment.state === "visible" && (
              <details>
                <summary className={`${linkButton} list-none`}>report</summary>
                <form action={actions.report} className="mt-1 flex flex-wrap gap-1">
                  <Hidden fields={base} />
                  <label className="sr-only" htmlFor={`reason-${comment.id}`}>
                    Reason
                  </label>
                  <input
                    id={`reason-${comment.id}`}
                    name="reason"
                    maxLength={500}
                    required
                    placeholder="Why should a moderator look at this?"
                    className="w-64 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
                  />
                  <button type="submit" className="tap-target rounded border border-stone-400 px-2 py-0.5">
                    Report
                  </button>
                </form>
              </details>
            )}
            {viewer.moderator && comment.state !== "deleted" && (
              <form action={actions.hide} className="flex gap-1">
                <Hidden fields={{ ...base, hidden: String(comment.state !== "removed") }} />
                <input
                  name="reason"
                  maxLength={500}
                  placeholder="reason"
                  aria-label="Moderation reason"
                  className="w-28 rounded border border-stone-300 px-1 dark:border-stone-700 dark:bg-stone-900"
                />
                <button type="submit" className="tap-target text-amber-700 hover:underline dark:text-amber-400">
                  {comment.state === "removed" ? "restore" : "remove"}
                </button>
              </form>
            )}
          </div>

          {comment.children.length > 0 && (
            <ol className="border-l border-stone-200 pl-2 dark:border-stone-800">
              {comment.children.map((child) => (
                <CommentView
                  key={child.id}
                  comment={child}
                  arxivId={arxivId}
                  actions={actions}
                  viewer={viewer}
                  now={now}
                />
              ))}
            </ol>
          )}
        </div>
      </details>
    </li>
  );
}

/** Older and newer pages of a long discussion, as Hacker News's "More" link, both ways. */
function ThreadPages({
  arxivId,
  order,
  page,
  pageCount,
}: {
  arxivId: string;
  order: "best" | "new";
  page: number;
  pageCount: number;
}) {
  return (
    <nav
      aria-label="Pages of the discussion"
      className="mt-4 flex items-center gap-4 text-sm"
      data-testid="thread-pages"
    >
      {page > 1 && (
        <Link href={discussionHref(arxivId, order, page - 1)} rel="prev" className="inline-block py-1 hover:underline">
          ← Previous comments
        </Link>
      )}
      <span className="text-stone-600 dark:text-stone-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount && (
        <Link href={discussionHref(arxivId, order, page + 1)} rel="next" className="inline-block py-1 hover:underline">
          More comments →
        </Link>
      )}
    </nav>
  );
}

export function CommentThread(props: {
  arxivId: string;
  comments: ThreadComment[];
  count: number;
  order: "best" | "new";
  /** Which page of the discussion this is (lib/discussion/comment-pages.ts), 1-based. */
  page: number;
  pageCount: number;
  actions: ThreadActions;
  viewer: ThreadViewer;
  signInHref: string;
}) {
  const now = new Date();
  return (
    <section
      id="discussion"
      className="mt-8 border-t border-stone-300 pt-4 dark:border-stone-800"
      aria-labelledby="discussion-heading"
    >
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 id="discussion-heading" className="font-serif text-lg font-semibold">
          Discussion
        </h2>
        <span className="text-sm text-stone-500">{props.count === 1 ? "1 comment" : `${props.count} comments`}</span>
        <nav aria-label="Comment order" className="ml-auto flex gap-3 text-sm">
          {(["best", "new"] as const).map((order) => (
            <Link
              key={order}
              href={discussionHref(props.arxivId, order)}
              aria-current={props.order === order ? "true" : undefined}
              className={props.order === order ? "font-semibold" : "text-stone-500 hover:underline"}
            >
              {order === "best" ? "Best" : "New"}
            </Link>
          ))}
        </nav>
      </div>
      {props.viewer.canWrite ? (
        <CommentForm
          action={props.actions.post}
          livePreview={props.actions.preview}
          arxivId={props.arxivId}
          submitLabel="Comment"
        />
      ) : props.viewer.signedIn ? (
        <p className="mt-2 text-sm text-stone-500">{props.viewer.bannedMessage}</p>
      ) : (
        <p className="mt-2 text-sm">
          <Link href={props.signInHref} className="text-accent underline dark:text-accent-dark">
            Sign in
          </Link>{" "}
          to join the discussion.
        </p>
      )}
      {props.comments.length === 0 ? (
        <p className="mt-4 text-sm text-stone-500">No comments yet. Start the discussion.</p>
      ) : (
        <ol className="mt-2">
          {props.comments.map((comment) => (
            <CommentView
              key={comment.id}
              comment={comment}
              arxivId={props.arxivId}
              actions={props.actions}
              viewer={props.viewer}
              now={now}
            />
          ))}
        </ol>
      )}
      {props.pageCount > 1 && (
        <ThreadPages arxivId={props.arxivId} order={props.order} page={props.page} pageCount={props.pageCount} />
      )}
    </section>
  );
}
