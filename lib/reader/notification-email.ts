import { excerpt, safeUrl, type RenderedEmail } from "@/lib/mail/digest-email";
import { escapeHtml } from "@/lib/html-escape";

/**
 * The notification e-mail (no database: lib/reader/notification-mail.ts queues and sends it). One
 * mail carries every notification of its period; each links to the inbox's "open" URL, which
 * marks it read and leads to the exact comment or paper. Every kind in the mail gets its own
 * unsubscribe link, and the List-Unsubscribe header (set by the sender) turns off all of them.
 */

export interface NotificationEmailInput {
  siteName: string;
  siteUrl: string;
  period: "instant" | "daily";
  items: { text: string; url: string }[];
  /** One per kind in the mail: "Stop e-mails about replies". */
  unsubscribe: { label: string; url: string }[];
  settingsUrl: string;
}

const MAX_ITEMS_SHOWN = 50;

export function notificationSubject(input: Pick<NotificationEmailInput, "siteName" | "period" | "items">): string {
  const count = input.items.length;
  const what = count === 1 ? "1 new notification" : `${count} new notifications`;
  return input.period === "daily"
    ? `Your daily summary: ${what} \u00b7 ${excerpt(input.siteName, 60)}`
    : `${what} \u00b7 ${excerpt(input.siteName, 60)}`;
}

export function renderNotificationEmail(input: NotificationEmailInput): RenderedEmail {
  const siteName = excerpt(input.siteName, 60);
  const shown = input.items.slice(0, MAX_ITEMS_SHOWN).flatMap((item) => {
    const url = safeUrl(item.url);
    return url ? [{ text: excerpt(item.text, 300), url }] : [];
  });
  const more = input.items.length - shown.length;
  const unsubscribe = input.unsubscribe.flatMap((entry) => {
    const url = safeUrl(entry.url);
    return url ? [{ label: excerpt(entry.label, 120), url }] : [];
  });
  const settingsUrl = safeUrl(input.settingsUrl);
  const subject = notificationSubject(input);

  const text = [
    `${siteName} \u2014 ${input.period === "daily" ? "your daily summary" : "new notifications"}`,
    "",
    ...shown.flatMap((item) => [`* ${item.text}`, `  ${item.url}`]),
    ...(more > 0 ? [`…and ${more} more in your inbox.`] : []),
    "",
    "-- ",
    ...unsubscribe.map((entry) => `${entry.label}: ${entry.url}`),
    ...(settingsUrl ? [`All e-mail settings: ${settingsUrl}`] : []),
    "",
  ].join("\n");

  const html = [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Georgia,serif;color:#1c1917;background:#ffffff;margin:0;padding:16px;">',
    `<p style="font-size:18px;font-weight:bold;margin:0 0 12px 0;">${escapeHtml(siteName)}</p>`,
    '<ul style="padding-left:18px;margin:0;">',
    ...shown.map(
      (item) =>
        `<li style="margin:0 0 8px 0;"><a href="${escapeHtml(item.url)}" style="color:#9f1239;">${escapeHtml(item.text)}</a></li>`,
    ),
    "</ul>",
    ...(more > 0 ? [`<p>…and ${more} more in your inbox.</p>`] : []),
    '<hr style="border:none;border-top:1px solid #d6d3d1;margin:16px 0;">',
    '<p style="font-size:13px;color:#57534e;margin:0;">',
    ...unsubscribe.map(
      (entry) => `<a href="${escapeHtml(entry.url)}" style="color:#57534e;">${escapeHtml(entry.label)}</a><br>`,
    ),
    ...(settingsUrl ? [`<a href="${escapeHtml(settingsUrl)}" style="color:#57534e;">All e-mail settings</a>`] : []),
    "</p>",
    "</body></html>",
  ].join("\n");
  return { subject, html, text };
}
