/** The JSON shape of a call, shared by the lead page and POST /api/calls. */
import type { Selectable } from 'kysely';
import type { Call } from '../platform/db/generated/kysely';
import { wireOutcome } from './outcomes';

/** The columns of `calls` a call's JSON is made of. */
export const callColumns = [
  'id',
  'client_id',
  'lead_id',
  'agent_id',
  'started_at',
  'duration_sec',
  'outcome',
  'engagement',
  'notes',
  'callback_at',
  'recorded_offline',
  'created_at',
] as const;

type CallRecord = Pick<Selectable<Call>, (typeof callColumns)[number]>;
/** Those columns as selected (times as Date) or aggregated to JSON by the database (times as ISO strings). */
export type CallRow = {
  [K in keyof CallRecord]: CallRecord[K] extends Date
    ? Date | string
    : CallRecord[K] extends Date | null
      ? Date | string | null
      : CallRecord[K];
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toCallJson(row: CallRow) {
  return {
    id: row.id,
    clientId: row.client_id,
    leadId: row.lead_id,
    agentId: row.agent_id,
    startedAt: iso(row.started_at)!,
    durationSec: row.duration_sec,
    outcome: wireOutcome(row.outcome),
    engagement: row.engagement,
    notes: row.notes,
    callbackAt: iso(row.callback_at),
    recordedOffline: row.recorded_offline,
    createdAt: iso(row.created_at)!,
  };
}
export type CallJson = ReturnType<typeof toCallJson>;
