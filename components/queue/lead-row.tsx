import { memo } from 'react';
import type { LeadItem } from '@/lib/leads/lead-item';

const MATCH_LABEL: Record<string, string> = { name: 'name', company: 'company', email: 'email', phone: 'phone' };

/**
 * A plain anchor (the list navigates client-side for all rows with one click handler) and memoized:
 * the virtualizer re-renders the list as rows enter and leave; unchanged rows skip rendering.
 */
export const LeadRow = memo(function LeadRow({ lead }: { lead: LeadItem }) {
  return (
    <a
      href={`/leads/${lead.id}`}
      className="flex h-[76px] items-center gap-3 border-b border-slate-100 px-3 hover:bg-slate-50 focus-visible:bg-brand-50 focus-visible:outline-none"
    >
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-ink-900">
          {lead.firstName} {lead.lastName}
        </span>
        <span className="block truncate text-sm text-ink-500">{lead.company ?? lead.email ?? lead.phoneDisplay ?? lead.phone}</span>
        {lead.matchedOn?.length ? (
          <span className="block truncate text-xs text-brand-700">
            matched on {lead.matchedOn.map((m) => MATCH_LABEL[m] ?? m).join(', ')}
          </span>
        ) : null}
      </span>
      <span className="flex shrink-0 flex-col items-end gap-1 text-xs">
        {lead.due ? <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">Callback due</span> : null}
        {lead.inCallingHours ? (
          <span className="text-ink-500">{lead.localTime} local</span>
        ) : (
          <span className="rounded bg-slate-200 px-1.5 py-0.5 text-ink-700">{lead.localTime} · outside hours</span>
        )}
        <span className="text-ink-500">
          P{lead.priority} · {lead.score}
        </span>
      </span>
    </a>
  );
});
