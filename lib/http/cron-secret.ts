import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerSecret } from "@/lib/identity/bearer-secret";

/**
 * The gate of every `/api/cron/*` route, inside `handleApi`: 403 while CRON_SECRET is unset
 * (the endpoints are off until a deployer turns them on), 401 without
 * `Authorization: Bearer <CRON_SECRET>`.
 */
export function requireCronSecret(request: Request): void {
  const secret = getEnv().CRON_SECRET;
  if (!secret) throw new AppError(403, "The cron endpoint is disabled: set CRON_SECRET to enable it.");
  if (!hasBearerSecret(request, secret))
    throw new AppError(401, "A valid Authorization: Bearer <CRON_SECRET> header is required.");
}
