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
