import { commentHref, profileHref } from "@/lib/http/urls";
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Flash } from "@/components/flash";
import { formatDate } from "@/lib/format";
import { getModerationLog, isModerator } from "@/lib/moderation/moderation";
import { getViewer } from "@/lib/identity/viewer";

export const metadata: Metadata = { title: "Moderation log" };

const ACTION_LABEL: Record<string, string> = {
  hide_comment: "removed a comment",
  restore_comment: "restored a comment",
  ban_user: "banned",
  unban_user: "unbanned",
  dismiss_report: "dismissed reports on a comment",
  set_vote_weight: "changed the vote weight of",
  make_moderator: "made a moderator:",
  remove_moderator: "removed a moderator:",
  remove_spammer: "removed the spam account",
};

/** Every moderator action, public and append-only (the database refuses edits). */
export default async function ModerationLogPage() {
  await connection();
  const [entries, viewer] = await Promise.all([getModerationLog(200), getViewer()]);
  return (
    <div className="mt-6">
      <Flash />
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h1 className="font-serif text-2xl font-semibold">Moderation log</h1>
        {isModerator(viewer) && (
          <Link href="/moderation/reports" className="text-sm underline">
            Reports queue
          </Link>
        )}
      </div>
      <p className="mt-1 text-sm text-stone-500">
        Every moderator action is recorded here, publicly. Entries can never be edited or deleted.
      </p>
      {entries.length === 0 ? (
        <p className="mt-4 text-stone-500">No moderator action yet.</p>
      ) : (
        <table className="mt-4 w-full text-sm">
          <thead className="text-left text-stone-500">
            <tr>
              <th className="py-1 pr-3 font-normal">When</th>
              <th className="py-1 pr-3 font-normal">What</th>
              <th className="py-1 font-normal">Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200 dark:divide-stone-800" data-testid="moderation-log">
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="py-1.5 pr-3 align-top whitespace-nowrap text-stone-500">
                  {formatDate(entry.createdAt)}
                </td>
                <td className="py-1.5 pr-3 align-top">
                  {entry.moderatorLogin} {ACTION_LABEL[entry.action] ?? entry.action}{" "}
                  {entry.targetLogin && !entry.commentId && (
                    <Link href={profileHref(entry.targetLogin)}>{entry.targetLogin}</Link>
                  )}
                  {entry.commentId && entry.paperArxivId && (
                    <>
                      <Link href={commentHref(entry.paperArxivId, entry.commentId)} className="underline">
                        #{entry.commentId}
                      </Link>
                      {entry.targetLogin && <> by {entry.targetLogin}</>}
                    </>
                  )}
                  {entry.commentId && !entry.paperArxivId && <>#{entry.commentId}</>}
                </td>
                <td className="py-1.5 align-top text-stone-600 dark:text-stone-400">{entry.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
