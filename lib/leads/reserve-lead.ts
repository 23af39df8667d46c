/**
 * Reservations keep two people from working one lead: opening a lead holds
 * it for RESERVATION_MINUTES, renewed while the page is open, and other
 * queues skip it until the hold expires by itself (no cleanup job needed).
 */
import 'server-only';
import { sql } from 'kysely';
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
  const scope = await leadScope(viewer);
  // One statement, no interactive transaction: the setting is made local to the statement's own transaction
  // (set_config's is_local), which is the one its commit then honours.
  const held = await db.$kysely
    .updateTable('leads')
    .from(sql<{ applied: string }>`(SELECT set_config('synchronous_commit', 'off', true) AS applied)`.as('async_commit'))
    .set({ reserved_by_id: viewer.id, reserved_until: sql<Date>`now() + make_interval(mins => ${RESERVATION_MINUTES})` })
    .where('leads.id', '=', leadId)
    .where(scopeCondition(scope, 'leads'))
    .where((eb) =>
      eb.or([
        eb('leads.reserved_by_id', 'is', null),
        eb('leads.reserved_until', '<', sql<Date>`now()`),
        eb('leads.reserved_by_id', '=', viewer.id),
      ]),
    )
    .returning('leads.reserved_until')
    .executeTakeFirst();
  if (held?.reserved_until) return held.reserved_until;
  // Refused: only now find out why.
  const owned = await db.$kysely
    .selectFrom('leads')
    .select(sql`1`.as('owned'))
    .where('id', '=', leadId)
    .where(scopeCondition(scope, 'leads'))
    .executeTakeFirst();
  return owned ? 'held' : 'not_found';
}
