import type { AuditEntry } from '@/lib/leads/team-leads';
import type { TeamAgent } from '@/lib/users/team';

/** One bulk change or import, in words ("reassigned 12 leads to Ana"). */
function describe(entry: AuditEntry, names: Map<string, string>): string {
  const detail = entry.detail as {
    change?: { ownerId?: string | null; priority?: number };
    fileName?: string;
    inserted?: number;
    updated?: number;
  };
  const leads = `${entry.leadCount.toLocaleString('en-US')} lead${entry.leadCount === 1 ? '' : 's'}`;
  switch (entry.action) {
    case 'leads.reassign':
      return `reassigned ${leads} to ${detail.change?.ownerId ? (names.get(detail.change.ownerId) ?? 'another agent') : 'nobody (unassigned)'}`;
    case 'leads.priority':
      return `set ${leads} to priority ${detail.change?.priority}`;
    case 'leads.import':
      return `imported ${detail.fileName}: ${detail.inserted ?? 0} new, ${detail.updated ?? 0} updated`;
    case 'leads.do_not_call':
      return `imported the do-not-call list ${detail.fileName}: ${leads} stopped`;
    case 'lead.create':
      return 'created a lead';
    case 'lead.edit':
      return `corrected a lead’s ${((entry.detail as { fields?: string[] }).fields ?? []).join(', ') || 'details'}`;
    case 'lead.recycle':
      return 'recycled a lead';
    default:
      return `${entry.action} on ${leads}`;
  }
}

/** The latest changes to the team's leads (bulk changes, imports, corrections), newest first, in UTC. */
export function RecentChanges({ entries, team }: { entries: AuditEntry[]; team: TeamAgent[] }) {
  const names = new Map(team.map((agent) => [agent.id, agent.name]));
  return (
    <section aria-labelledby="audit" className="mt-8">
      <h2 id="audit" className="text-lg font-semibold">
        Recent changes
      </h2>
      {entries.length === 0 ? (
        <p className="mt-1 text-sm text-ink-500">No bulk changes or imports yet.</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.createdAt} className="text-ink-500">
                {new Date(entry.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
              </time>{' '}
              {entry.actor} {describe(entry, names)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
