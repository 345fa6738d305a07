import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { markReadAction } from "@/app/actions/notifications";
import { Flash } from "@/components/flash";
import { formatDate } from "@/lib/format";
import { listNotifications } from "@/lib/reader/notifications";
import { getViewer } from "@/lib/identity/viewer";
import { notificationOpenHref, paperHref, signInHref } from "@/lib/http/urls";

export const metadata: Metadata = { title: "Notifications", robots: { index: false } };

const PAGE_SIZE = 30;

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await connection();
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/notifications"));
  const raw = (await searchParams).offset;
  const offset = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  const { items, unreadCount, nextOffset } = await listNotifications(viewer, {
    limit: PAGE_SIZE,
    offset,
    unread: false,
  });
  return (
    <div className="mt-6 max-w-2xl">
      <Flash />
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="font-serif text-2xl font-semibold">Notifications</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400" data-testid="unread-count">
          {unreadCount === 0 ? "Nothing unread" : `${unreadCount} unread`}
        </p>
        {unreadCount > 0 && (
          <form action={markReadAction} className="ml-auto">
            <button type="submit" className="rounded border border-stone-400 px-2 py-0.5 text-sm">
              Mark all read
            </button>
          </form>
        )}
      </div>
      {items.length === 0 ? (
        <p className="py-6 text-stone-600 dark:text-stone-400">
          No notifications yet. Replies to your comments, mentions of you, new comments in discussions you follow and
          new papers by the authors you follow appear here.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 dark:divide-stone-800" data-testid="notifications">
          {items.map((item) => (
            <li
              key={item.id}
              data-testid="notification"
              data-read={item.read ? "true" : "false"}
              className={`flex items-start gap-3 py-2 ${item.read ? "" : "border-l-4 border-accent pl-2 dark:border-accent-dark"}`}
            >
              <div className="min-w-0 flex-1">
                <a
                  href={notificationOpenHref(item.id)}
                  className={`block hover:underline ${item.read ? "" : "font-semibold"}`}
                >
                  {!item.read && <span className="sr-only">Unread: </span>}
                  {item.text}
                </a>
                {item.kind === "new_papers" && item.papers.length > 1 && (
                  <ul className="mt-1 list-disc pl-5 text-sm">
                    {item.papers.map((paper) => (
                      <li key={paper.arxivId}>
                        <a href={paperHref(paper.arxivId)} className="hover:underline">
                          {paper.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
                <p className="text-xs text-stone-600 dark:text-stone-400">{formatDate(item.updatedAt)}</p>
              </div>
              {!item.read && (
                <form action={markReadAction}>
                  <input type="hidden" name="id" value={item.id} />
                  <button
                    type="submit"
                    className="text-sm text-accent hover:underline dark:text-accent-dark"
                    aria-label={`Mark read: ${item.text}`}
                  >
                    Mark read
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages of notifications" className="mt-4 flex gap-4 text-sm">
        {offset > 0 && (
          <a
            href={offset - PAGE_SIZE > 0 ? `/notifications?offset=${offset - PAGE_SIZE}` : "/notifications"}
            className="underline"
          >
            Newer
          </a>
        )}
        {nextOffset !== null && (
          <a href={`/notifications?offset=${nextOffset}`} className="underline">
            Older
          </a>
        )}
      </nav>
      <p className="mt-6 text-sm text-stone-600 dark:text-stone-400">
        E-mail for each kind of notification (off unless you turn it on) is chosen in{" "}
        <a href="/settings#notification-email" className="underline">
          your settings
        </a>
        .
      </p>
    </div>
  );
}
