/**
 * Deactivating a user: they can no longer sign in (the sign-in route refuses
 * an inactive user with the wrong-password answer), their sessions are
 * deleted, the leads they had reserved go back to the queue, and every
 * instance drops its memo of their sessions at once (lib/platform/auth/viewer).
 * `deactivateWithin` does the writes inside a caller's transaction (the
 * people API adds the lead reassignment and the audit rows to the same one);
 * `announceDeactivation` runs after it commits.
 */
import 'server-only';
import { publishSessionEvent } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db, type DbTransaction } from '../platform/db/client';

export async function deactivateWithin(tx: DbTransaction, userId: string): Promise<{ sessions: number; releasedLeads: number }> {
  await tx.user.update({ where: { id: userId }, data: { active: false } });
  const sessions = await tx.session.deleteMany({ where: { userId } });
  const leads = await tx.lead.updateMany({ where: { reservedById: userId }, data: { reservedById: null, reservedUntil: null } });
  return { sessions: sessions.count, releasedLeads: leads.count };
}

/** After the commit: every instance forgets the person's sessions, and what showed them or their leads is re-read. */
export async function announceDeactivation(userId: string, otherQueues: string[] = []): Promise<void> {
  await publishSessionEvent(`user deactivated ${userId}`);
  await invalidate(
    cacheTags.team,
    cacheTags.allLeads,
    cacheTags.teamLeads,
    cacheTags.audit,
    cacheTags.queue(userId),
    ...otherQueues.map(cacheTags.queue),
  );
}

export async function deactivateUser(userId: string): Promise<{ sessions: number; releasedLeads: number }> {
  const result = await db.$transaction((tx) => deactivateWithin(tx, userId));
  await announceDeactivation(userId);
  return result;
}

export async function reactivateWithin(tx: DbTransaction, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { active: true } });
  // Links issued before the deactivation do not come back with the account: whoever needs one gets a new one.
  await tx.userToken.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: new Date() } }, data: { expiresAt: new Date() } });
}

export async function reactivateUser(userId: string): Promise<void> {
  await db.$transaction((tx) => reactivateWithin(tx, userId));
  await invalidate(cacheTags.team);
}
