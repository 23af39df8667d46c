/**
 * Moving a departing person's open leads (NEW, CONTACTED, CALLBACK) in the transaction that deactivates
 * them: to one agent, round robin across a list of agents (sorted by priority and score first, so each
 * gets as many leads and as good a mix as the others, within one), or to nobody. Written like a bulk
 * reassignment (lib/leads/team-leads.ts): one `leads.reassign` audit event and a `lead_changes` owner
 * row per lead moved. Their calls are not touched: reports keep them under the agent who made them.
 */
import 'server-only';
import { sql } from 'kysely';
import { recordAudit } from '../audit/record';
import type { DbTransaction } from '../platform/db/client';
import { workableStatuses } from '../leads/lead-schema';

export interface OpenLeadMove {
  actorId: string;
  fromId: string;
  teamId: string | null;
  /** Empty: unassigned; one: that agent; several: round robin. */
  toIds: string[];
  mode: 'agent' | 'round_robin' | 'unassigned';
}

export async function reassignOpenLeads(tx: DbTransaction, move: OpenLeadMove): Promise<{ moved: number }> {
  const { id: eventId } = await recordAudit(tx, {
    actorId: move.actorId,
    action: 'leads.reassign',
    subjectId: move.fromId,
    teamId: move.teamId,
    detail: {
      via: 'deactivation',
      mode: move.mode,
      fromId: move.fromId,
      toIds: move.toIds,
      change: move.mode === 'round_robin' ? undefined : { action: 'reassign', ownerId: move.toIds[0] ?? null },
    },
  });
  // One statement: lock the open leads, number them in priority order, move each, and log each move.
  const newOwner = move.toIds.length
    ? sql<string>`(${move.toIds}::uuid[])[(numbered.n % ${move.toIds.length}) + 1]`
    : sql<null>`NULL::uuid`;
  const { numInsertedOrUpdatedRows } = await tx.$kysely
    .with('locked', (db) =>
      db
        .selectFrom('leads as l')
        .select(['l.id', 'l.priority', 'l.score'])
        .where('l.owner_id', '=', move.fromId)
        .where(sql<boolean>`l.status::text = ANY(${[...workableStatuses]}::text[])`)
        .forUpdate('l'),
    )
    .with('numbered', (db) =>
      db.selectFrom('locked').select(['id', sql<number>`row_number() OVER (ORDER BY priority, score DESC, id) - 1`.as('n')]),
    )
    .with('updated', (db) =>
      db
        .updateTable('leads')
        .set({ owner_id: newOwner, reserved_by_id: null, reserved_until: null, updated_at: sql`now()` })
        .from('numbered')
        .whereRef('leads.id', '=', 'numbered.id')
        .returning(['leads.id', 'leads.owner_id']),
    )
    .insertInto('lead_changes')
    .columns(['event_id', 'lead_id', 'field', 'from_value', 'to_value'])
    .expression((db) =>
      db
        .selectFrom('updated')
        .select((eb) => [
          sql<string>`${eventId}::uuid`.as('event_id'),
          'updated.id',
          sql.lit('owner').as('field'),
          eb.val(move.fromId).as('from_value'),
          eb.cast<string>('updated.owner_id', 'text').as('to_value'),
        ]),
    )
    .executeTakeFirstOrThrow();
  const moved = Number(numInsertedOrUpdatedRows ?? 0);
  if (moved === 0) await tx.auditEvent.delete({ where: { id: eventId } });
  else await tx.auditEvent.update({ where: { id: eventId }, data: { leadCount: moved } });
  return { moved };
}
