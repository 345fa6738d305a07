import { renderDigestEmail } from "@/lib/mail/digest-email";
import { buildDigest } from "@/lib/mail/subscriptions";
import { parseDay } from "@/lib/ranking/periods";

/** /digest/YYYY-MM-DD: the daily digest e-mail of that day, as subscribers receive it. */
export async function GET(_request: Request, context: { params: Promise<{ date: string }> }) {
  const { date } = await context.params;
  const digest = parseDay(date) ? await buildDigest({ frequency: "daily", key: date }) : null;
  if (!digest) {
    return new Response(
      `<!doctype html><meta charset="utf-8"><title>No digest</title><p>There is no digest for ${parseDay(date) ? date : "this date"}. <a href="/">Back to Paperboard</a></p>`,
      {
        status: 404,
        headers: { "content-type": "text/html; charset=utf-8" },
      },
    );
  }
  const { html } = renderDigestEmail({ ...digest, unsubscribeUrl: `${digest.siteUrl}/settings` });
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
