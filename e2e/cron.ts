import { expect, type APIRequestContext } from "./fixtures";
import { e2e } from "./config";

/** The header an external scheduler sends the e2e server's cron routes. */
export const cronAuth = { authorization: `Bearer ${e2e.cronSecret}` };

/** A cron route refuses a call without the bearer secret, and one with a wrong secret. */
export async function expectCronSecretRequired(request: APIRequestContext, path: string): Promise<void> {
  expect((await request.post(path)).status()).toBe(401);
  expect((await request.post(path, { headers: { authorization: "Bearer not-the-cron-secret-at-all" } })).status()).toBe(
    401,
  );
}
