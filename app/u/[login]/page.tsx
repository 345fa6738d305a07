import { commentHref, profileHref } from "@/lib/http/urls";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Avatar } from "@/components/avatar";
import { PaperList } from "@/components/paper-list";
import { LabelledSection } from "@/components/labelled-section";
import { banUserAction, changeModerator, changeVoteWeight, removeSpammerAction } from "@/app/actions/moderation";
import { commentPlainText } from "@/lib/discussion/markdown";
import { githubWebUrl } from "@/lib/identity/auth";
import { formatDate } from "@/lib/format";
import { getProfile, listSubmittedPapers, listUpvotedPapers, listUserComments } from "@/lib/identity/users";
import { isModerator, mayActOnUser } from "@/lib/moderation/moderation";
import { getViewer } from "@/lib/identity/viewer";
import { votingFor } from "@/app/_components/voting";
import { Flash } from "@/components/flash";
import { decodePathSegment } from "@/lib/http/path-segment";
import { muteAction } from "@/app/actions/notifications";
import { isMuted } from "@/lib/reader/notifications";

interface Props {
  params: Promise<{ login: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { login } = await params;
  return { title: decodePathSegment(login) ?? "Not found" };
}

/** The style of this page's section headings. */
const sectionHeading = "font-serif text-lg font-semibold";
const ROLE_LABEL = { admin: "Administrator", moderator: "Moderator", user: null } as const;

export default async function ProfilePage({ params }: Props) {
  await connection();
  const login = decodePathSegment((await params).login);
  const profile = login === null ? null : await getProfile(login);
  if (!profile) notFound();
  const [viewer, upvoted, submitted, userComments] = await Promise.all([
    getViewer(),
    listUpvotedPapers(profile.id),
    listSubmittedPapers(profile.id),
    listUserComments(profile.id),
  ]);
  const muted = viewer && viewer.id !== profile.id ? await isMuted(viewer.id, profile.id) : null;
  const roleLabel = ROLE_LABEL[profile.role];
  // May this staff member ban or remove this user? lib/moderation/moderation.ts asks the same when they do.
  const mayModerateProfile =
    viewer !== null && isModerator(viewer) && viewer.id !== profile.id && mayActOnUser(viewer.role, profile);
  const voting = await votingFor(
    [...upvoted, ...submitted].map((paper) => paper.arxivId),
    profileHref(profile.login),
  );

  return (
    <div className="mt-6">
      <Flash />
      <div className="flex items-center gap-4">
        <Avatar src={profile.image} name={profile.name ?? profile.login} size={64} />
        <div>
          <h1 className="font-serif text-2xl font-semibold">{profile.name ?? profile.login}</h1>
          <p className="text-sm text-stone-600 dark:text-stone-400">
            <a href={`${githubWebUrl()}/${profile.login}`} rel="noopener nofollow" className="hover:underline">
              @{profile.login} on GitHub
            </a>
            {" · "}joined {formatDate(profile.joinedAt)}
            {roleLabel && <> · {roleLabel}</>}
            {profile.banned && (
              <>
                {" "}
                · <span className="text-accent">banned</span>
              </>
            )}
          </p>
        </div>
      </div>

      {muted !== null && (
        <form action={muteAction} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <input type="hidden" name="login" value={profile.login} />
          <input type="hidden" name="muted" value={muted ? "false" : "true"} />
          <button type="submit" className="rounded border border-stone-400 px-2 py-0.5">
            {muted ? `Unmute @${profile.login}` : `Mute @${profile.login}`}
          </button>
          <span className="text-stone-600 dark:text-stone-400">
            {muted
              ? "Their replies, mentions and comments do not notify you."
              : "Their replies and mentions would no longer notify you."}
          </span>
        </form>
      )}

      {viewer?.role === "admin" && profile.role !== "admin" && (
        <form action={changeModerator} className="mt-3">
          <input type="hidden" name="login" value={profile.login} />
          <input type="hidden" name="moderator" value={profile.role === "moderator" ? "false" : "true"} />
          <button type="submit" className="rounded border border-stone-400 px-2 py-0.5 text-sm">
            {profile.role === "moderator" ? "Remove moderator" : "Make moderator"}
          </button>
        </form>
      )}

      {isModerator(viewer) && (
        <form action={changeVoteWeight} className="mt-3 flex items-center gap-2 text-sm">
          <input type="hidden" name="login" value={profile.login} />
          <input type="hidden" name="weight" value={profile.voteWeightOverride === 0 ? "" : "0"} />
          <button type="submit" className="rounded border border-stone-400 px-2 py-0.5">
            {profile.voteWeightOverride === 0 ? "Restore vote weight" : "Set vote weight to 0 (vote ring)"}
          </button>
          {profile.voteWeightOverride === 0 && (
            <span className="text-stone-500">Votes by this user do not count for trending.</span>
          )}
        </form>
      )}

      {mayModerateProfile && (
        <form action={banUserAction} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <input type="hidden" name="login" value={profile.login} />
          <input type="hidden" name="banned" value={profile.banned ? "false" : "true"} />
          <input
            name="reason"
            maxLength={500}
            placeholder="Reason (public)"
            aria-label="Ban reason"
            className="w-56 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
          />
          <button type="submit" className="rounded border border-accent px-2 py-0.5 text-accent dark:text-accent-dark">
            {profile.banned ? "Unban" : "Ban"}
          </button>
        </form>
      )}

      {mayModerateProfile && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-accent dark:text-accent-dark">Remove as spammer…</summary>
          <form action={removeSpammerAction} className="mt-2 flex flex-wrap items-center gap-2">
            <p className="w-full text-stone-600 dark:text-stone-400">
              Deletes this account with every vote it cast and every comment it wrote (a comment someone answered stays
              as “[deleted user]”, without its text), rewrites the daily trending lists since its first vote, and
              records it in the public moderation log. This cannot be undone.
            </p>
            <input type="hidden" name="login" value={profile.login} />
            <input
              name="reason"
              maxLength={500}
              placeholder="Reason (public)"
              aria-label="Removal reason"
              className="w-56 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
            />
            <label htmlFor="spammer-confirm">
              Type <strong>{profile.login}</strong> to confirm
            </label>
            <input
              id="spammer-confirm"
              name="confirm"
              required
              autoComplete="off"
              className="w-40 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
            />
            <button
              type="submit"
              className="rounded border border-accent px-2 py-0.5 text-accent dark:text-accent-dark"
            >
              Remove account and everything it did
            </button>
          </form>
        </details>
      )}

      <LabelledSection
        className="mt-8"
        headingId="upvoted-heading"
        headingClassName={sectionHeading}
        title="Upvoted papers"
      >
        <PaperList papers={upvoted} voting={voting} emptyText="No upvotes yet." />
      </LabelledSection>

      <LabelledSection className="mt-8" headingId="comments-heading" headingClassName={sectionHeading} title="Comments">
        {userComments.length === 0 ? (
          <p className="py-4 text-stone-500">No comments yet.</p>
        ) : (
          <ul className="divide-y divide-stone-200 dark:divide-stone-800">
            {userComments.map((comment) => (
              <li key={comment.id} className="py-2 text-sm">
                <p className="line-clamp-3 whitespace-pre-line">{commentPlainText(comment.body)}</p>
                <p className="mt-1 text-stone-500">
                  on{" "}
                  <Link href={commentHref(comment.paperArxivId, comment.id)} className="hover:underline">
                    {comment.paperTitle}
                  </Link>{" "}
                  · {formatDate(comment.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </LabelledSection>

      <LabelledSection
        className="mt-8"
        headingId="submitted-heading"
        headingClassName={sectionHeading}
        title="Submitted papers"
      >
        <PaperList papers={submitted} voting={voting} emptyText="No submissions yet." />
      </LabelledSection>
    </div>
  );
}
