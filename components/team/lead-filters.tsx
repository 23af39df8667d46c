import Link from 'next/link';
import type { TeamAgent } from '@/lib/users/team';
import { teamLeadStatuses } from '@/lib/leads/team-leads-schema';

export interface LeadFilterValues {
  status: string;
  owner: string;
  priority: string;
  source: string;
  q: string;
}

const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');
const select = 'mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm';

/** The lead table's filters as a plain GET form: search, status, owner (an agent, or nobody), priority and source. */
export function LeadFilters({ values, team, sources }: { values: LeadFilterValues; team: TeamAgent[]; sources: string[] }) {
  return (
    <form
      method="get"
      action="/leads"
      aria-label="Lead filters"
      className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3"
    >
      <label className="text-sm text-ink-700">
        Search
        <input type="search" name="q" defaultValue={values.q} placeholder="Name, company, email, phone" className={`${select} w-56`} />
      </label>
      <label className="text-sm text-ink-700">
        Status
        <select name="status" defaultValue={values.status.toUpperCase()} className={select}>
          <option value="">Any</option>
          {teamLeadStatuses.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-ink-700">
        Owner
        <select name="owner" defaultValue={values.owner} className={select}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {team.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-ink-700">
        Priority
        <select name="priority" defaultValue={values.priority} className={select}>
          <option value="">Any</option>
          {[1, 2, 3, 4, 5].map((priority) => (
            <option key={priority} value={priority}>
              {priority}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-ink-700">
        Source
        <select name="source" defaultValue={values.source} className={select}>
          <option value="">Any</option>
          {sources.map((source) => (
            <option key={source} value={source}>
              {source}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white">
        Show leads
      </button>
      <Link href="/leads" className="flex min-h-11 items-center px-2 text-sm text-brand-700 hover:underline">
        Clear
      </Link>
    </form>
  );
}
