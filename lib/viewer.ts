import "server-only";
import { auth, type Role } from "@/lib/auth";
import { AppError, unauthorized } from "@/lib/errors";

export interface Viewer {
  id: string;
  login: string | null;
  name: string | null;
  image: string | null;
  role: Role;
  banned: boolean;
}

/**
 * The signed-in user of this request, or null. A misconfigured auth() can return a truthy
 * object without a user, so only a session with a user id counts.
 */
export async function getViewer(): Promise<Viewer | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, login: user.login, name: user.name, image: user.image, role: user.role, banned: user.banned };
}

/** A user who may write: signed in and not banned. Every write in lib/ goes through this. */
export function assertCanWrite(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw unauthorized();
  if (viewer.banned) throw new AppError(403, "Your account is banned: you can read but not post, vote or submit.");
}

export function isModerator(viewer: Viewer | null): boolean {
  return viewer?.role === "moderator" || viewer?.role === "admin";
}
