/**
 * Logging a call, idempotent on the device's clientId: the first post
 * inserts and updates the lead in one transaction (201); every replay of the
 * same clientId returns the call as first stored (200). A unique constraint
 * decides the race, not a read-then-write check.
 *
 * The lead's new status, attempts and next call follow the calling rules of
 * its owner's team (the caller's, for an unassigned lead): computed here from
 * the attempts read under the lead's lock, written as parameters of the one
 * statement that also updates the rollups. The rules come from the data
 * cache, read alongside the viewer's scope before the transaction.
 */
import { oneCallRollupStatement } from './call-rollup';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import { rulesForAgentIn, rulesForViewer } from '../leads/calling-rules';
import { inScope, leadScope } from '../leads/scope';
import type { CallInput } from './call-schema';
import { toCallJson, type CallJson, type CallRow } from './call-json';
import { leadAfterCall } from './outcomes';

const CALL_COLUMNS = 'id, client_id, lead_id, agent_id, started_at, duration_sec, outcome::text, engagement, notes, callback_at, recorded_offline, created_at';

function replayOf(existing: CallRow, viewer: Viewer, input: CallInput): { call: CallJson; created: false } {
  if (existing.agent_id !== viewer.id || existing.lead_id !== input.leadId) {
    throw new ApiError('conflict', 'This clientId already belongs to another call; make a new UUID for a new call.');
  }
  return { call: toCallJson(existing), created: false };
}

export async function recordCall(viewer: Viewer, input: CallInput): Promise<{ call: CallJson; created: boolean }> {
  const result = await insertCall(viewer, input);
  if (result.created) {
    // The lead page, the owner's queue, the team's lists and the call results all show what this call changed.
    await invalidate(cacheTags.lead(input.leadId), cacheTags.queue(result.ownerId ?? viewer.id), cacheTags.teamLeads, cacheTags.callReport);
  }
  return { call: result.call, created: result.created };
}

async function insertCall(viewer: Viewer, input: CallInput): Promise<{ call: CallJson; created: boolean; ownerId?: string | null }> {
  // The caller's own team rules (those of every lead they can call but an admin's call on an agent's
  // lead), from the cache. Read before the transaction, not during it: a cache miss reads the database,
  // and a transaction waiting for a second connection can starve the pool under load.
  const [scope, callerRules] = await Promise.all([leadScope(viewer), rulesForViewer(viewer)]);
  return db.$transaction(async (tx) => {
    const [existing] = await tx.$queryRawUnsafe<CallRow[]>(`SELECT ${CALL_COLUMNS} FROM calls WHERE client_id = $1::uuid`, input.clientId);
    if (existing) return replayOf(existing, viewer, input);

    // Lock the lead so concurrent calls on it update it one after another.
    const [lead] = await tx.$queryRawUnsafe<{ owner_id: string | null; status: string; timezone: string; attempts: number }[]>(
      'SELECT owner_id, status::text, timezone, attempts FROM leads WHERE id = $1::uuid FOR UPDATE',
      input.leadId,
    );
    if (!lead || !inScope(scope, lead.owner_id)) {
      // Tell an agent their lead moved on only if they had worked it; otherwise it is not theirs to know about.
      const [worked] = lead ? await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM calls WHERE lead_id = $1::uuid AND agent_id = $2::uuid LIMIT 1', input.leadId, viewer.id) : [];
      if (worked) throw new ApiError('conflict', 'This lead was reassigned to another agent; your call was not saved to it.', { reason: 'reassigned' });
      throw new ApiError('not_found', 'No such lead, or it is not yours.');
    }
    if (lead.status === 'DO_NOT_CALL') {
      throw new ApiError('conflict', 'This lead is now do-not-call; the call was not logged.', { reason: 'do_not_call' });
    }

    const startedAt = input.startedAt ? new Date(input.startedAt) : new Date(Date.now() - input.durationSec * 1000);
    const callbackAt = input.callbackAt ? new Date(input.callbackAt) : null;
    const [inserted] = await tx.$queryRawUnsafe<CallRow[]>(
      `INSERT INTO calls (id, client_id, lead_id, agent_id, started_at, duration_sec, outcome, engagement, notes, callback_at, recorded_offline)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, $5, $6::"CallOutcome", $7, $8, $9, $10)
       ON CONFLICT (client_id) DO NOTHING
       RETURNING ${CALL_COLUMNS}`,
      input.clientId, input.leadId, viewer.id, startedAt, input.durationSec, input.outcome.toUpperCase(),
      input.engagement ?? null, input.notes || null, callbackAt, input.recordedOffline ?? false,
    );
    if (!inserted) {
      // Another request with this clientId committed between our check and insert.
      const [winner] = await tx.$queryRawUnsafe<CallRow[]>(`SELECT ${CALL_COLUMNS} FROM calls WHERE client_id = $1::uuid`, input.clientId);
      return replayOf(winner, viewer, input);
    }

    // The owner's team rules (the caller's for an unassigned lead, or when the owner is on the caller's team).
    const sameTeam = lead.owner_id === null || viewer.role !== 'ADMIN';
    const rules = sameTeam ? callerRules : await rulesForAgentIn(tx, lead.owner_id!);
    const after = leadAfterCall(rules, { outcome: input.outcome, startedAt, callbackAt }, lead.attempts);

    // The lead's new state and the call report's rollups, in one statement (one round trip) in the call's transaction.
    await tx.$executeRawUnsafe(
      oneCallRollupStatement(5, [
        // A call replayed late from a phone (older than the lead's last call) counts, but leaves the status and
        // next call that the newer call set; do-not-call always applies.
        `lead AS (UPDATE leads SET status = CASE WHEN last_called_at IS NULL OR $3 >= last_called_at OR $2::text = 'DO_NOT_CALL' THEN $2::"LeadStatus" ELSE status END,
                attempts = LEAST(attempts + 1, 32767),
                last_called_at = GREATEST(coalesce(last_called_at, $3), $3),
                next_call_at = CASE WHEN last_called_at IS NULL OR $3 >= last_called_at OR $2::text = 'DO_NOT_CALL' THEN $4 ELSE next_call_at END,
                reserved_by_id = NULL, reserved_until = NULL,
                updated_at = now()
          WHERE id = $1::uuid RETURNING id)`,
      ]),
      input.leadId, after.status, startedAt, after.nextCallAt,
      viewer.id, startedAt, input.outcome.toUpperCase(), input.durationSec, input.engagement ?? null, lead.timezone,
    );
    if (input.outcome === 'do_not_call') {
      // The number goes on the do-not-call list, so a later import cannot bring it back into a queue.
      await tx.$executeRawUnsafe('INSERT INTO do_not_call_numbers (phone) SELECT phone FROM leads WHERE id = $1::uuid ON CONFLICT DO NOTHING', input.leadId);
      // Every do-not-call change is audited, whoever makes it and however (a call, a list import).
      await tx.$executeRaw`
        WITH event AS (
          INSERT INTO audit_events (id, actor_id, action, detail, lead_count)
          VALUES (gen_random_uuid(), ${viewer.id}::uuid, 'leads.do_not_call', ${JSON.stringify({ via: 'call', callId: inserted.id })}::jsonb, 1) RETURNING id)
        INSERT INTO lead_changes (event_id, lead_id, field, from_value, to_value)
        SELECT event.id, ${input.leadId}::uuid, 'status', ${lead.status}, 'DO_NOT_CALL' FROM event`;
    }
    return { call: toCallJson(inserted), created: true, ownerId: lead.owner_id };
  });
}
