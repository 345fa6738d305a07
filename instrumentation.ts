/**
 * Runs once when a Next.js server starts (not during `next build`). Validates the
 * configuration and applies pending migrations, so that `next start` alone, behind any
 * process manager, refuses a wrong environment and never serves an old schema.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertStartable } = await import("./lib/startup");
  await assertStartable();
}
