import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { toViewer, viewerColumns, type Viewer } from "@/lib/identity/viewer";

/** The Viewer a request of this user would get: the same columns getViewer reads, read now. */
export async function loadViewer(id: string): Promise<Viewer> {
  const [row] = await getDb().select(viewerColumns).from(users).where(eq(users.id, id));
  if (!row) throw new Error(`loadViewer: no user ${id}`);
  return toViewer(row);
}

/**
 * A Viewer made up for tests of code that only needs who someone is (not whether the user
 * exists, nor what their vote weighs): an account a year old, not banned.
 */
export function testViewer(id: string, role: Viewer["role"] = "user"): Viewer {
  return {
    id,
    login: id,
    name: id,
    image: null,
    role,
    banned: false,
    joinedAt: new Date("2025-01-01T00:00:00Z"),
    githubCreatedAt: new Date("2015-01-01T00:00:00Z"),
    voteWeightOverride: null,
  };
}

/**
 * A user row of an established account: here and on GitHub for 100 days, so past every
 * new-account limit (docs/SECURITY.md); its GitHub login is its id unless `extra` says otherwise.
 */
export function establishedUser(id: string, extra: Partial<typeof users.$inferInsert> = {}): typeof users.$inferInsert {
  const old = new Date(Date.now() - 100 * 86_400_000);
  return { id, githubLogin: id, createdAt: old, githubCreatedAt: old, ...extra };
}
