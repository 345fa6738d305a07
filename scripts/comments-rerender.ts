/**
 * `npm run comments:rerender`: renders every stored comment body again with today's
 * renderer (lib/discussion/markdown.ts) and stores the HTML where it changed. Run it after changing the
 * renderer: views show the HTML stored when a comment was written (issue #14).
 */
import { loadScriptEnv } from "./env";
import { openDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";

const env = loadScriptEnv();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT });
try {
  process.env.DATABASE_URL = database.url;
  // The column it fills comes with a migration: an upgrade may run this before the app starts.
  await runMigrations(database.url);
  const { closeDb } = await import("../db/client");
  const { rerenderAllComments } = await import("../lib/discussion/comment-html");
  const started = Date.now();
  const result = await rerenderAllComments();
  console.log(`re-rendered ${result.comments} comment(s) in ${Date.now() - started} ms: ${result.changed} changed`);
  await closeDb();
} finally {
  await database.stop();
}
