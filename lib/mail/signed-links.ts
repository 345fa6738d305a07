import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Links that prove themselves: a JSON payload and its HMAC-SHA256 under the site's secret,
 * base64url-encoded. Used for the subscription confirmation (which expires) and the
 * one-click unsubscribe (which does not), so that neither needs a sign-in or a stored token.
 */

const envelopeSchema = z.object({ p: z.record(z.string(), z.unknown()), exp: z.number().int().nullable() });

function mac(secret: string, purpose: string, body: string): Buffer {
  // The purpose is part of what is signed: an unsubscribe token is never a confirmation.
  return createHmac("sha256", secret).update(`${purpose}.${body}`).digest();
}

export function signLink(
  secret: string,
  purpose: string,
  payload: Record<string, unknown>,
  expiresAt: Date | null,
): string {
  const body = Buffer.from(
    JSON.stringify({ p: payload, exp: expiresAt ? Math.floor(expiresAt.getTime() / 1000) : null }),
  ).toString("base64url");
  return `${body}.${mac(secret, purpose, body).toString("base64url")}`;
}

export type VerifiedLink =
  { ok: true; payload: Record<string, unknown> } | { ok: false; reason: "invalid" | "expired" };

export function verifyLink(secret: string, purpose: string, token: string, now = new Date()): VerifiedLink {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || token.length > 2000) return { ok: false, reason: "invalid" };
  const expected = mac(secret, purpose, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  let envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (envelope.exp !== null && envelope.exp * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: envelope.p };
}
