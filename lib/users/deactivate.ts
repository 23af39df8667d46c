/**
 * Deactivating a person: they can no longer sign in (lib/auth/auth refuses a session for an inactive
 * user), every session of theirs ends (deleted here; every instance stops honouring it within the
 * viewer memo's second) and the leads they held are released. Their calls stay in every report.
 */
import 'server-only';
import { db } from '../db/client';
import { cacheTags, invalidate } from '../cache';

export async function deactivateUser(userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { active: false } }),
    db.session.deleteMany({ where: { userId } }),
    db.lead.updateMany({ where: { reservedById: userId }, data: { reservedById: null, reservedUntil: null } }),
  ]);
  await invalidate(cacheTags.team, cacheTags.queue(userId));
}

export async function reactivateUser(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { active: true } });
  await invalidate(cacheTags.team);
}
