// No "server-only" marker: lib/server/startup.ts (instrumentation) applies the list at start.
import { and, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { adminLoginBindings, users } from "@/db/schema";

/**
 * Who is admin: ADMIN_GITHUB_LOGINS, tied to GitHub accounts by their numeric id.
 *
 * Roles come from two places and are kept apart:
 * - an admin grants "moderator" (lib/identity/users.ts setModerator): stored in users.granted_role,
 *   kept whatever the list does;
 * - the list grants "admin": never stored as a grant, recomputed from the list at every
 *   server start and at every sign-in. users.role is the effective role every check reads:
 *   "admin" while the list makes the user admin, else granted_role.
 *
 * A login is a name GitHub lets its owner change and someone else take. So the list binds
 * each listed login to the GitHub account (numeric id) that held it when the list first made
 * it admin (admin_login_bindings), and only that account is admin through it:
 * - removed from the list: the binding goes and the role falls back at the next start;
 * - the bound account renames (its new login is not listed): it stops being admin as soon as
 *   it signs in with the new login or another account signs in with the old one;
 * - another account takes the old login: it is not admin (the binding names another id).
 *   To make it admin after all, remove the login from the list, start, and list it again.
 */

type Executor = Database | Transaction;

export interface AdminListResult {
  /** Listed logins held by an account other than the one they are bound to. */
  conflicts: { login: string; boundGithubId: number; holderGithubId: number }[];
  /** Users whose effective role changed. */
  changed: { id: string; login: string | null; role: string }[];
}

/**
 * Applies the list: drops bindings of logins no longer listed, binds listed logins held by
 * a GitHub account and not yet bound, and recomputes the effective role of `userIds` (all
 * users when omitted, as at start).
 */
export async function applyAdminList(
  db: Database,
  listedLogins: readonly string[],
  userIds?: string[],
): Promise<AdminListResult> {
  const logins = [...new Set(listedLogins.map((login) => login.toLowerCase()))];
  return db.transaction(async (tx) => {
    // One at a time: two sign-ins binding the same login must not both win.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paperboard.admin-list'))`);
    if (logins.length === 0) await tx.delete(adminLoginBindings);
    else await tx.delete(adminLoginBindings).where(notInArray(adminLoginBindings.login, logins));

    const conflicts: AdminListResult["conflicts"] = [];
    if (logins.length > 0) {
      const holders = await tx
        .select({ login: sql<string>`lower(${users.githubLogin})`, githubId: users.githubId })
        .from(users)
        .where(and(inArray(sql`lower(${users.githubLogin})`, logins), isNotNull(users.githubId)));
      const bindings = await tx.select().from(adminLoginBindings).where(inArray(adminLoginBindings.login, logins));
      const boundTo = new Map(bindings.map((binding) => [binding.login, binding.githubId]));
      for (const holder of holders) {
        const bound = boundTo.get(holder.login);
        if (bound === undefined) {
          await tx
            .insert(adminLoginBindings)
            .values({ login: holder.login, githubId: holder.githubId! })
            .onConflictDoNothing();
        } else if (bound !== holder.githubId) {
          conflicts.push({ login: holder.login, boundGithubId: bound, holderGithubId: holder.githubId! });
        }
      }
    }
    const changed = await recomputeRoles(tx, userIds);
    return { conflicts, changed };
  });
}

/** users.role := "admin" where a binding names the user's id and current login, else granted_role. */
async function recomputeRoles(tx: Executor, userIds?: string[]): Promise<AdminListResult["changed"]> {
  if (userIds && userIds.length === 0) return [];
  const effective = sql`case when exists (
      select 1 from ${adminLoginBindings}
      where ${adminLoginBindings.githubId} = ${users.githubId} and ${adminLoginBindings.login} = lower(${users.githubLogin})
    ) then 'admin'::user_role else ${users.grantedRole} end`;
  return tx
    .update(users)
    .set({ role: effective })
    .where(and(sql`${users.role} is distinct from ${effective}`, userIds ? inArray(users.id, userIds) : undefined))
    .returning({ id: users.id, login: users.githubLogin, role: users.role });
}

/** At server start: the list as configured now, for everyone. Logs what it changed. */
export async function applyAdminListAtStart(db: Database, listedLogins: readonly string[]): Promise<AdminListResult> {
  const result = await applyAdminList(db, listedLogins);
  for (const user of result.changed)
    console.log(`[admin] ${user.login ?? user.id} is now ${user.role} (ADMIN_GITHUB_LOGINS)`);
  for (const conflict of result.conflicts) {
    console.warn(
      `[admin] ADMIN_GITHUB_LOGINS lists "${conflict.login}", bound to GitHub account #${conflict.boundGithubId}; account #${conflict.holderGithubId} now holds that login and is not made admin by it.`,
    );
  }
  return result;
}
