import { z } from "zod";

const githubEmailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * GitHub's /user plus the address we may use. Auth.js's own lookup takes /user's e-mail,
 * or else the primary of /user/emails, verified or not; this one asks /user/emails always
 * and prefers, in order: the primary address if verified, /user's address if verified, any
 * verified address. With none verified it keeps what GitHub shows but says so
 * (`email_verified: false`): such an address is never subscribed without a confirmation mail.
 */
export async function githubUserInfo(apiBaseUrl: string, accessToken: string): Promise<Record<string, unknown>> {
  const headers = {
    authorization: `Bearer ${accessToken}`,
    "user-agent": "Paperboard",
    accept: "application/vnd.github+json",
  };
  const profileResponse = await fetch(`${apiBaseUrl}/user`, { headers });
  if (!profileResponse.ok) throw new Error(`GitHub /user answered ${profileResponse.status}`);
  const profile = (await profileResponse.json()) as Record<string, unknown>;
  const emailsResponse = await fetch(`${apiBaseUrl}/user/emails`, { headers }).catch(() => null);
  const emails = emailsResponse?.ok
    ? githubEmailsSchema.safeParse(await emailsResponse.json().catch(() => null))
    : null;
  const list = emails?.success ? emails.data : [];
  const publicEmail = typeof profile.email === "string" ? profile.email.toLowerCase() : null;
  const verified =
    list.find((entry) => entry.primary && entry.verified) ??
    list.find((entry) => entry.verified && entry.email.toLowerCase() === publicEmail) ??
    list.find((entry) => entry.verified);
  const fallback = publicEmail ?? list.find((entry) => entry.primary)?.email ?? null;
  return { ...profile, email: verified?.email ?? fallback, email_verified: Boolean(verified) };
}
