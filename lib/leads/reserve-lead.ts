/**
 * Reservations keep two people from working one lead: opening a lead holds
 * it for RESERVATION_MINUTES, renewed while the page is open, and other
 * queues skip it until the hold expires by itself (no cleanup job needed).
 */
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { leadScope, scopeCondition } from './scope';

export const RESERVATION_MINUTES = 5;

/**
 * Reserves or renews one of the agent's own leads in one statement; returns the hold's end, 'held' when
 * someone else holds it, or 'not_found' when it is not the agent's lead (or does not exist).
 */
export async function reserveLead(viewer: Viewer, leadId: string): Promise<Date | 'held' | 'not_found'> {
  // A hold is worth little after a crash (it lapses in minutes anyway), so its commit does not wait for the
  // WAL to reach the disk: on these machines a commit's flush stalls 100-300 ms now and then, and a phone
  // opening a lead should not wait on that. A crash can lose the last fraction of a second of holds, never
  // data: calls and every other write keep synchronous commits.
  const scope = scopeCondition(await leadScope(viewer), 'leads');
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL synchronous_commit = off`,
    db.$queryRaw<{ reserved_until: Date }[]>`
      UPDATE leads SET reserved_by_id = ${viewer.id}::uuid, reserved_until = now() + make_interval(mins => ${RESERVATION_MINUTES})
       WHERE id = ${leadId}::uuid AND ${scope} AND (reserved_by_id IS NULL OR reserved_until < now() OR reserved_by_id = ${viewer.id}::uuid)
       RETURNING reserved_until`,
  ]);
  if (rows[0]) return rows[0].reserved_until;
  // Refused: only now find out why.
  const owned = await db.$queryRaw<unknown[]>`SELECT 1 FROM leads WHERE id = ${leadId}::uuid AND ${scope}`;
  return owned.length ? 'held' : 'not_found';
}
