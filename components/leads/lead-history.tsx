import type { LeadHistoryEntry } from '@/lib/leads/history';

const FIELD_LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  company: 'company',
  phone: 'phone',
  email: 'email',
  timezone: 'time zone',
  notes: 'notes',
  owner: 'owner',
  priority: 'priority',
  status: 'status',
  attempts: 'attempts',
  nextCallAt: 'next call',
};

const ROLE_LABELS: Record<string, string> = { AGENT: 'agent', MANAGER: 'manager', ADMIN: 'admin' };

const VERBS: Record<string, string> = {
  'lead.create': 'created the lead',
  'lead.recycle': 'recycled the lead',
  'leads.import': 'imported the lead',
  'leads.do_not_call': 'stopped the lead',
};

const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');

function valueText(field: string, value: string | null, timezone: string): string {
  if (value === null || value === '') return field === 'owner' ? 'nobody' : field === 'nextCallAt' ? 'none' : '(empty)';
  if (field === 'status') return statusLabel(value);
  if (field === 'nextCallAt')
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone }).format(new Date(value));
  return value.length > 80 ? `${value.slice(0, 79)}…` : value;
}

/** The lead's history: who changed what, from what to what, newest first. Server-rendered, no client JavaScript. */
export function LeadHistory({ entries, timezone }: { entries: LeadHistoryEntry[]; timezone: string }) {
  const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: timezone });
  return (
    <section aria-labelledby="lead-history">
      <h2 id="lead-history" className="text-lg font-semibold">
        History
      </h2>
      {entries.length === 0 ? (
        <p className="mt-1 text-sm text-ink-500">No changes to this lead’s details yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100 text-sm">
          {entries.map((entry) => {
            const creating = entry.action === 'lead.create';
            return (
              <li key={entry.eventId} className="py-2">
                <time dateTime={entry.at} className="text-ink-500">
                  {when.format(new Date(entry.at))}
                </time>
                {' · '}
                <span className="font-medium">{entry.actorName}</span> ({ROLE_LABELS[entry.actorRole] ?? entry.actorRole}){' '}
                {VERBS[entry.action] ? `${VERBS[entry.action]}${creating ? '' : ':'}` : 'changed'}{' '}
                {creating
                  ? null
                  : entry.changes.map((change, index) => (
                      <span key={change.field}>
                        {index > 0 ? ', ' : ''}
                        {FIELD_LABELS[change.field] ?? change.field} from{' '}
                        <span className="break-words">{valueText(change.field, change.from, timezone)}</span> to{' '}
                        <span className="break-words">{valueText(change.field, change.to, timezone)}</span>
                      </span>
                    ))}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
