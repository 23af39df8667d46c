/** The JSON shape of a call, shared by the lead page and POST /api/calls. */
export interface CallRow {
  id: string;
  client_id: string;
  lead_id: string;
  agent_id: string;
  started_at: Date | string;
  duration_sec: number;
  outcome: string;
  engagement: number | null;
  notes: string | null;
  callback_at: Date | string | null;
  recorded_offline: boolean;
  created_at: Date | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toCallJson(row: CallRow) {
  return {
    id: row.id,
    clientId: row.client_id,
    leadId: row.lead_id,
    agentId: row.agent_id,
    startedAt: iso(row.started_at)!,
    durationSec: row.duration_sec,
    outcome: row.outcome.toLowerCase(),
    engagement: row.engagement,
    notes: row.notes,
    callbackAt: iso(row.callback_at),
    recordedOffline: row.recorded_offline,
    createdAt: iso(row.created_at)!,
  };
}
export type CallJson = ReturnType<typeof toCallJson>;
