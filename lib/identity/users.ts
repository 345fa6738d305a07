import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, comments, papers, sessions, users, votes } from "@/db/schema";
import { listPaperSummaries, type PaperSummary } from "@/lib/papers/papers";
import { toViewer, viewerColumns, type Viewer } from "@/lib/identity/viewer";

/** A user's public profile: who they are, as a Viewer of them would be, by their login. */
export type Profile = Viewer & { login: string };

export interface ProfileComment {
  id: number;
  body: string;
  createdAt: Date;
  paperArxivId: string;
  paperTitle: string;
}

const PROFILE_LIST_LIMIT = 50;

export async function getProfile(login: string): Promise<Profile | null> {
  const [row] = await getDb()
    .select(viewerColumns)
    .from(users)
    .where(sql`lower(${users.githubLogin}) = lower(${login})`);
  if (!row?.login) return null;
  return { ...toViewer(row), login: row.login };
}

/** Papers the user upvoted, most recent vote first. */
export async function listUpvotedPapers(userId: string): Promise<PaperSummary[]> {
  return listPaperSummaries({
    join: { table: votes, on: and(eq(votes.paperId, papers.id), eq(votes.userId, userId))! },
    orderBy: [desc(votes.createdAt)],
    limit: PROFILE_LIST_LIMIT,
  });
}

export async function listSubmittedPapers(userId: string): Promise<PaperSummary[]> {
  return listPaperSummaries({
    where: eq(papers.submittedById, userId),
    orderBy: [desc(papers.addedAt)],
    limit: PROFILE_LIST_LIMIT,
  });
}

/** The user's comments that readers can still see (not deleted, not hidden). */
export async function listUserComments(userId: string): Promise<ProfileComment[]> {
  return getDb()
    .select({
      id: comments.id,
      body: comments.body,
      createdAt: comments.createdAt,
      paperArxivId: papers.arxivId,
      paperTitle: papers.title,
    })
    .from(comments)
    .innerJoin(papers, eq(papers.id, comments.paperId))
    .where(and(eq(comments.authorId, userId), sql`${comments.deletedAt} is null and ${comments.hiddenAt} is null`))
    .orderBy(desc(comments.createdAt))
    .limit(PROFILE_LIST_LIMIT);
}

/**
 * Signs the user out of every browser by deleting their sessions. API tokens are separate
 * credentials (scripts, not browsers) and survive unless `revokeTokens` asks to revoke them
 * too, e.g. after losing a laptop that held both.
 */
export async function signOutEverywhere(
  viewer: Viewer,
  options: { revokeTokens: boolean } = { revokeTokens: false },
): Promise<{ sessions: number; tokens: number }> {
  return getDb().transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(eq(sessions.userId, viewer.id))
      .returning({ token: sessions.sessionToken });
    const revoked = options.revokeTokens
      ? await tx
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.userId, viewer.id), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id })
      : [];
    return { sessions: deleted.length, tokens: revoked.length };
  });
}
