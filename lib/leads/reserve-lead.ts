/**
 * Reservations keep two people from working one lead: opening a lead holds
 * it for RESERVATION_MINUTES, renewed while the page is open, and other
 * queues skip it until the hold expires by itself (no cleanup job needed).
 */
import type { Viewer } from '../auth/viewer';
import { db } from '../db/client';

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
  const [, rows] = await db.$transaction([
    db.$executeRawUnsafe("SET LOCAL synchronous_commit = off"),
    db.$queryRawUnsafe<{ reserved_until: Date }[]>(
      `UPDATE leads SET reserved_by_id = $2::uuid, reserved_until = now() + make_interval(mins => $3)
        WHERE id = $1::uuid AND owner_id = $2::uuid AND (reserved_by_id IS NULL OR reserved_until < now() OR reserved_by_id = $2::uuid)
        RETURNING reserved_until`,
      leadId, viewer.id, RESERVATION_MINUTES,
    ),
  ]);
  if (rows[0]) return rows[0].reserved_until;
  // Refused: only now find out why.
  const owned = await db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM leads WHERE id = $1::uuid AND owner_id = $2::uuid', leadId, viewer.id);
  return owned.length ? 'held' : 'not_found';
}
