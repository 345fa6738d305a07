import { commentHref } from "@/lib/http/urls";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { dismissReportsAction } from "@/app/actions/moderation";
import { formatDate } from "@/lib/format";
import { commentPlainText } from "@/lib/discussion/markdown";
import { isModerator, listOpenReports } from "@/lib/moderation/moderation";
import { getViewer } from "@/lib/identity/viewer";
import { Flash } from "@/components/flash";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage() {
  await connection();
  const viewer = await getViewer();
  // Not a moderator: the queue does not exist for you.
  if (!isModerator(viewer)) notFound();
  const reports = await listOpenReports(viewer);
  return (
    <div className="mt-6">
      <Flash />
      <h1 className="font-serif text-2xl font-semibold">Reports queue</h1>
      <p className="mt-1 text-sm text-stone-500">
        Open reports, most reported first. Every decision goes into the{" "}
        <Link href="/moderation" className="underline">
          public log
        </Link>
        .
      </p>
      {reports.length === 0 ? (
        <p className="mt-4 text-stone-500">No open report.</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 dark:divide-stone-800" data-testid="reports">
          {reports.map((report) => (
            <li key={report.commentId} className="py-3">
              <p className="text-sm text-stone-500">
                {report.reports} report{report.reports === 1 ? "" : "s"} since {formatDate(report.firstReportedAt)} ·
                comment by {report.authorLogin} ·{" "}
                <Link href={commentHref(report.arxivId, report.commentId)} className="underline">
                  in context
                </Link>
              </p>
              <blockquote className="mt-1 border-l-2 border-stone-300 pl-3 text-sm whitespace-pre-line dark:border-stone-700">
                {commentPlainText(report.body).slice(0, 600)}
              </blockquote>
              <ul className="mt-1 list-disc pl-5 text-sm">
                {report.reasons.map((reason, index) => (
                  <li key={index}>{reason}</li>
                ))}
              </ul>
              <form action={dismissReportsAction} className="mt-2 flex flex-wrap gap-2 text-sm">
                <input type="hidden" name="commentId" value={report.commentId} />
                <input
                  name="reason"
                  maxLength={500}
                  placeholder="Reason (shown in the public log)"
                  aria-label="Reason"
                  className="w-72 rounded border border-stone-300 px-1.5 py-0.5 dark:border-stone-700 dark:bg-stone-900"
                />
                <button
                  type="submit"
                  name="decision"
                  value="hide"
                  className="rounded border border-amber-600 px-2 py-0.5 text-amber-700 dark:text-amber-400"
                >
                  Remove comment
                </button>
                <button
                  type="submit"
                  name="decision"
                  value="dismiss"
                  className="rounded border border-stone-400 px-2 py-0.5"
                >
                  Dismiss
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
