/**
 * Moving a departing person's open leads (NEW, CONTACTED, CALLBACK) in the transaction that deactivates
 * them: to one agent, round robin across a list of agents (sorted by priority and score first, so each
 * gets as many leads and as good a mix as the others, within one), or to nobody. Written like a bulk
 * reassignment (lib/leads/team-leads.ts): one `leads.reassign` audit event and a `lead_changes` owner
 * row per lead moved. Their calls are not touched: reports keep them under the agent who made them.
 */
import 'server-only';
import { recordAudit } from '../audit/record';
import type { DbTransaction } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
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
  const newOwner = move.toIds.length
    ? Prisma.sql`(${move.toIds}::uuid[])[(numbered.n % ${move.toIds.length}) + 1]`
    : Prisma.sql`NULL::uuid`;
  const moved = await tx.$executeRaw`
    WITH locked AS (
           SELECT l.id, l.priority, l.score FROM leads l
            WHERE l.owner_id = ${move.fromId}::uuid AND l.status::text = ANY(${[...workableStatuses]}::text[])
              FOR UPDATE OF l),
         numbered AS (SELECT id, row_number() OVER (ORDER BY priority, score DESC, id) - 1 AS n FROM locked),
         updated AS (
           UPDATE leads SET owner_id = ${newOwner}, reserved_by_id = NULL, reserved_until = NULL, updated_at = now()
             FROM numbered WHERE leads.id = numbered.id
           RETURNING leads.id, leads.owner_id)
    INSERT INTO lead_changes (event_id, lead_id, field, from_value, to_value)
    SELECT ${eventId}::uuid, updated.id, 'owner', ${move.fromId}, updated.owner_id::text FROM updated`;
  if (moved === 0) await tx.auditEvent.delete({ where: { id: eventId } });
  else await tx.auditEvent.update({ where: { id: eventId }, data: { leadCount: moved } });
  return { moved };
}
