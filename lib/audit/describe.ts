/**
 * The audit trail in words: what an action is called and a one-line summary of its detail, for the
 * audit page and API. `names` resolves the people a detail refers to by id (managers, new owners).
 * Unknown actions and fields fall back to their raw names rather than to nothing.
 */
export interface DescribedEvent {
  action: string;
  detail: unknown;
  leadCount: number;
}

type Names = (id: unknown) => string;

const ACTIONS: Record<string, string> = {
  'user.setup': 'Set up Callpace',
  'user.invite': 'Invited',
  'user.create': 'Created an account',
  'user.role': 'Changed role',
  'user.manager': 'Moved to another team',
  'user.name': 'Renamed',
  'user.deactivate': 'Deactivated',
  'user.reactivate': 'Reactivated',
  'user.password_reset': 'Issued a password-reset link',
  'user.password_change': 'Changed password',
  'rules.update': 'Changed calling rules',
  'lead.create': 'Created a lead',
  'lead.edit': 'Edited a lead',
  'lead.recycle': 'Recycled leads',
  'leads.reassign': 'Reassigned leads',
  'leads.priority': 'Changed lead priority',
  'leads.import': 'Imported leads',
  'leads.do_not_call': 'Marked do-not-call',
};

export const actionInWords = (action: string) => ACTIONS[action] ?? action;

const roleWord = (role: unknown) => (typeof role === 'string' ? role.charAt(0) + role.slice(1).toLowerCase() : 'unknown');
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const team = (names: Names, managerId: unknown) => (managerId ? `${names(managerId)}’s team` : 'no team');
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Field names a detail says were changed, for events written by other features (lead edits, rules). */
function fieldsOf(detail: Record<string, unknown>): string[] {
  for (const key of ['fields', 'changed']) if (Array.isArray(detail[key])) return (detail[key] as unknown[]).map(String);
  for (const key of ['changes', 'to', 'after'])
    if (detail[key] && typeof detail[key] === 'object') return Object.keys(detail[key] as object);
  return [];
}

function reassignment(detail: Record<string, unknown>, leads: string, names: Names): string {
  const mode = detail.mode ?? (record(detail.reassign).to as string | undefined);
  const toIds = Array.isArray(detail.toIds) ? detail.toIds : Array.isArray(detail.agentIds) ? detail.agentIds : [];
  if (mode === 'round_robin') return `${leads} shared round robin among ${plural(toIds.length, 'agent')}`;
  const ownerId = record(detail.change).ownerId ?? record(detail.reassign).agentId ?? toIds[0];
  return `${leads} to ${ownerId ? names(ownerId) : 'nobody (unassigned)'}`;
}

export function summarize(event: DescribedEvent, names: Names): string {
  const detail = record(event.detail);
  const leads = plural(event.leadCount, 'lead');
  switch (event.action) {
    case 'user.invite':
      return detail.reissued
        ? 'Sent a new invitation link'
        : `As ${roleWord(detail.role)}${detail.managerId ? ` in ${team(names, detail.managerId)}` : ''}`;
    case 'user.role':
      return `${roleWord(detail.from)} → ${roleWord(detail.to)}`;
    case 'user.manager':
      return `From ${team(names, detail.from)} to ${team(names, detail.to)}`;
    case 'user.name':
      return `From “${String(detail.from ?? '')}” to “${String(detail.to ?? '')}”`;
    case 'user.deactivate': {
      const moved = Number(detail.reassignedLeads ?? 0);
      const to = record(detail.reassign).to;
      const leadsPart =
        to === 'kept' || to === undefined ? 'open leads kept' : reassignment(detail, `${plural(moved, 'open lead')} moved:`, names);
      return `Signed out of ${plural(Number(detail.sessions ?? 0), 'session')}; ${leadsPart}`;
    }
    case 'user.password_reset':
      return 'Link valid for 1 hour';
    case 'leads.reassign':
      return detail.via === 'deactivation' ? `${reassignment(detail, leads, names)} (on deactivation)` : reassignment(detail, leads, names);
    case 'leads.priority':
      return `${leads} to priority ${String(record(detail.change).priority ?? '?')}`;
    case 'leads.import':
      return `${String(detail.fileName ?? 'a file')}: ${Number(detail.inserted ?? 0)} new, ${Number(detail.updated ?? 0)} updated`;
    case 'leads.do_not_call':
      return detail.via === 'call' ? 'From a call' : `${String(detail.fileName ?? 'A list')}: ${leads} stopped`;
    case 'lead.recycle':
      return leads;
    default: {
      const fields = fieldsOf(detail);
      if (fields.length) return `Changed ${fields.join(', ')}`;
      return event.leadCount ? leads : '';
    }
  }
}

/** The person ids a detail refers to, to look their names up in one query. */
export function referencedIds(detail: unknown): string[] {
  const d = record(detail);
  const ids = [
    d.managerId,
    d.from,
    d.to,
    d.fromId,
    record(d.change).ownerId,
    record(d.reassign).agentId,
    ...(Array.isArray(d.toIds) ? d.toIds : []),
  ];
  return ids.filter(
    (id): id is string => typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
  );
}
