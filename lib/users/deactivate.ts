/**
 * Deactivating a user: they can no longer sign in (the sign-in route refuses
 * an inactive user with the wrong-password answer), their sessions are
 * deleted, the leads they had reserved go back to the queue, and every
 * instance drops its memo of their sessions at once (lib/auth/viewer).
 */
import 'server-only';
import { publishSessionEvent } from '../auth/viewer';
import { cacheTags, invalidate } from '../cache';
import { db } from '../db/client';

export async function deactivateUser(userId: string): Promise<{ sessions: number; releasedLeads: number }> {
  const [, sessions, leads] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { active: false } }),
    db.session.deleteMany({ where: { userId } }),
    db.lead.updateMany({ where: { reservedById: userId }, data: { reservedById: null, reservedUntil: null } }),
  ]);
  await publishSessionEvent(`user deactivated ${userId}`);
  await invalidate(cacheTags.team, cacheTags.queue(userId));
  return { sessions: sessions.count, releasedLeads: leads.count };
}

export async function reactivateUser(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { active: true } });
  await invalidate(cacheTags.team);
}
