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
import 'server-only';
import { sql, type Kysely } from 'kysely';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';
import { LeadStatus } from '../platform/db/generated/enums';
import { rulesForAgentIn, rulesForViewer } from '../leads/calling-rules';
import { inScope, leadScope } from '../leads/scope';
import type { CallInput } from './call-schema';
import { callColumns, toCallJson, type CallJson, type CallRow } from './call-json';
import { withCallRollups } from './call-rollup';
import { leadAfterCall } from './lead-after-call';
import { dbOutcome } from './outcomes';

const callByClientId = (k: Kysely<DB>, clientId: string) =>
  k.selectFrom('calls').select(callColumns).where('client_id', '=', clientId).executeTakeFirst();

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
    // Taken before the first await: the extension's tx.$kysely is shared by concurrent transactions (see lib/platform/db/client.ts).
    const k = tx.$kysely;
    const existing = await callByClientId(k, input.clientId);
    if (existing) return replayOf(existing, viewer, input);

    // Lock the lead so concurrent calls on it update it one after another.
    const lead = await k
      .selectFrom('leads')
      .select(['owner_id', 'status', 'timezone', 'attempts'])
      .where('id', '=', input.leadId)
      .forUpdate()
      .executeTakeFirst();
    if (!lead || !inScope(scope, lead.owner_id)) {
      // Tell an agent their lead moved on only if they had worked it; otherwise it is not theirs to know about.
      const worked = lead
        ? await k
            .selectFrom('calls')
            .select(sql`1`.as('worked'))
            .where('lead_id', '=', input.leadId)
            .where('agent_id', '=', viewer.id)
            .limit(1)
            .executeTakeFirst()
        : undefined;
      if (worked)
        throw new ApiError('conflict', 'This lead was reassigned to another agent; your call was not saved to it.', {
          reason: 'reassigned',
        });
      throw new ApiError('not_found', 'No such lead, or it is not yours.');
    }
    if (lead.status === LeadStatus.DO_NOT_CALL) {
      throw new ApiError('conflict', 'This lead is now do-not-call; the call was not logged.', { reason: 'do_not_call' });
    }

    const startedAt = input.startedAt ? new Date(input.startedAt) : new Date(Date.now() - input.durationSec * 1000);
    const callbackAt = input.callbackAt ? new Date(input.callbackAt) : null;
    const outcome = dbOutcome(input.outcome);
    const inserted = await k
      .insertInto('calls')
      .values({
        id: sql<string>`gen_random_uuid()`,
        client_id: input.clientId,
        lead_id: input.leadId,
        agent_id: viewer.id,
        started_at: startedAt,
        duration_sec: input.durationSec,
        outcome,
        engagement: input.engagement ?? null,
        notes: input.notes || null,
        callback_at: callbackAt,
        recorded_offline: input.recordedOffline ?? false,
      })
      .onConflict((conflict) => conflict.column('client_id').doNothing())
      .returning(callColumns)
      .executeTakeFirst();
    if (!inserted) {
      // Another request with this clientId committed between our check and insert.
      return replayOf((await callByClientId(k, input.clientId))!, viewer, input);
    }

    // The owner's team rules (the caller's for an unassigned lead, or when the owner is on the caller's team).
    const sameTeam = lead.owner_id === null || viewer.role !== 'ADMIN';
    const rules = sameTeam ? callerRules : await rulesForAgentIn(k, lead.owner_id!);
    const after = leadAfterCall(rules, { outcome: input.outcome, startedAt, callbackAt }, lead.attempts);

    // The lead's new state and the call report's rollups, in one statement (one round trip) in the call's transaction.
    // A call replayed late from a phone (older than the lead's last call) counts, but leaves the status and
    // next call that the newer call set; do-not-call always applies.
    const latest =
      after.status === LeadStatus.DO_NOT_CALL
        ? sql<boolean>`TRUE`
        : sql<boolean>`(last_called_at IS NULL OR ${startedAt}::timestamptz >= last_called_at)`;
    await withCallRollups(k, {
      agentId: viewer.id,
      startedAt,
      outcome,
      durationSec: input.durationSec,
      engagement: input.engagement ?? null,
      leadZone: lead.timezone,
    })
      .updateTable('leads')
      .set({
        status: sql`CASE WHEN ${latest} THEN ${after.status}::"LeadStatus" ELSE status END`,
        attempts: sql`LEAST(attempts + 1, 32767)`,
        last_called_at: sql`GREATEST(coalesce(last_called_at, ${startedAt}::timestamptz), ${startedAt}::timestamptz)`,
        next_call_at: sql`CASE WHEN ${latest} THEN ${after.nextCallAt}::timestamptz ELSE next_call_at END`,
        reserved_by_id: null,
        reserved_until: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', input.leadId)
      .execute();
    if (input.outcome === 'do_not_call') {
      // The number goes on the do-not-call list, so a later import cannot bring it back into a queue.
      await k
        .insertInto('do_not_call_numbers')
        .columns(['phone'])
        .expression((eb) => eb.selectFrom('leads').select('phone').where('id', '=', input.leadId))
        .onConflict((conflict) => conflict.doNothing())
        .execute();
      // Every do-not-call change is audited, whoever makes it and however (a call, a list import).
      await k
        .with('event', (q) =>
          q
            .insertInto('audit_events')
            .values({
              id: sql<string>`gen_random_uuid()`,
              actor_id: viewer.id,
              action: 'leads.do_not_call',
              detail: JSON.stringify({ via: 'call', callId: inserted.id }),
              lead_count: 1,
            })
            .returning('id'),
        )
        .insertInto('lead_changes')
        .columns(['event_id', 'lead_id', 'field', 'from_value', 'to_value'])
        .expression((eb) =>
          eb
            .selectFrom('event')
            .select([
              'event.id',
              sql<string>`${input.leadId}::uuid`.as('lead_id'),
              sql.lit('status').as('field'),
              sql<string>`${lead.status}::text`.as('from_value'),
              sql.lit(LeadStatus.DO_NOT_CALL).as('to_value'),
            ]),
        )
        .execute();
    }
    return { call: toCallJson(inserted), created: true, ownerId: lead.owner_id };
  });
}
