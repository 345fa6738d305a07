import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, preparedQuery } from "@/db/client";
import { READER_TEMPLATE_HEADER, decodeTemplate, type ReaderTemplate } from "@/lib/cache/reader-overlay";
import { isPageFill } from "@/lib/cache/shared-pages";
import { SESSION_COOKIES } from "@/lib/identity/session-cookies";
import { sessions, users } from "@/db/schema";
import { unauthorized } from "@/lib/errors";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, type Role } from "@/lib/identity/auth";

export interface Viewer {
  id: string;
  login: string | null;
  name: string | null;
  image: string | null;
  role: Role;
  banned: boolean;
  /** What a vote's weight is made of (lib/ranking/ranking.ts voteWeight), read with the session. */
  joinedAt: Date;
  githubCreatedAt: Date | null;
  voteWeightOverride: number | null;
}

/** The user columns a Viewer is made of, for every query that authenticates someone. */
export const viewerColumns = {
  id: users.id,
  login: users.githubLogin,
  name: users.name,
  image: users.image,
  role: users.role,
  bannedAt: users.bannedAt,
  joinedAt: users.createdAt,
  githubCreatedAt: users.githubCreatedAt,
  voteWeightOverride: users.voteWeightOverride,
};

/** A row selected with viewerColumns. */
type ViewerRow = Omit<Viewer, "banned"> & { bannedAt: Date | null };

export function toViewer(row: ViewerRow): Viewer {
  const { bannedAt, ...rest } = row;
  return { ...rest, banned: bannedAt !== null };
}

/** The query of every signed-in request (prepared: db/client.ts preparedQuery). */
const sessionViewerQuery = preparedQuery((db) =>
  db
    .select({ expires: sessions.expires, ...viewerColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, sql.placeholder("token")), gt(sessions.expires, sql`now()`)))
    .prepare("session_viewer"),
);

/**
 * The signed-in user of this request, or null: the Auth.js database session named by the
 * cookie, read in one query (Auth.js writes sessions; reading them needs none of its
 * machinery, which costs more than the query on every API call). Memoised per request.
 *
 * A page-cache fill for signed-in readers (lib/cache/reader-overlay.ts) is rendered for its
 * template reader instead, a made-up user who owns nothing.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const template = await getReaderTemplate();
  if (template) return templateViewer(template);
  const jar = await cookies();
  const token = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  return token ? viewerBySessionToken(token) : null;
});

/**
 * The user of a session token, or null when there is no such unexpired session. Like
 * Auth.js, an unexpired session is extended once a day.
 */
export async function viewerBySessionToken(token: string): Promise<Viewer | null> {
  if (token.length > 200) return null;
  const [row] = await sessionViewerQuery().execute({ token });
  if (!row) return null;
  await extendSessionIfDue(token, row.expires);
  return toViewer(row);
}

/** Extends a session read with `expires`, once a day, as Auth.js does. */
export async function extendSessionIfDue(token: string, expires: Date): Promise<void> {
  const now = Date.now();
  if (expires.getTime() - SESSION_MAX_AGE_SECONDS * 1000 + SESSION_UPDATE_AGE_SECONDS * 1000 < now) {
    await getDb()
      .update(sessions)
      .set({ expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) })
      .where(eq(sessions.sessionToken, token));
  }
}

/** The template reader of this request: only a fill's, which carries this process's secret. */
export const getReaderTemplate = cache(async (): Promise<ReaderTemplate | null> => {
  const list = await headers();
  if (!list.has(READER_TEMPLATE_HEADER) || !isPageFill(list)) return null;
  return decodeTemplate(list.get(READER_TEMPLATE_HEADER));
});

function templateViewer(template: ReaderTemplate): Viewer {
  return {
    id: template.id,
    login: template.login,
    name: template.name,
    image: template.image,
    role: "user",
    banned: false,
    joinedAt: new Date(0),
    githubCreatedAt: null,
    voteWeightOverride: null,
  };
}

/** A reader's own rows are written and read only for a signed-in reader: 401 otherwise. */
export function requireReader(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw unauthorized();
}
