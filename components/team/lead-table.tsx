'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { TeamLead } from '@/lib/leads/team-leads';
import type { TeamLeadFilter } from '@/lib/leads/team-leads-schema';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';
import { usePages, type Page as ListPage } from '@/lib/platform/browser/use-pages';

interface Page extends ListPage<TeamLead> {
  total: number | null;
}

const ROW_HEIGHT = 48;
const LIST_TOP_ESTIMATE = 360;
const MAX_BULK_IDS = 10_000;
// Phones show the lead, owner and status; wider screens add phone, priority and source.
const COLUMNS =
  'grid grid-cols-[2.5rem_minmax(0,1fr)_6rem_5.5rem] md:grid-cols-[2.5rem_minmax(10rem,1.4fr)_minmax(8rem,1fr)_9rem_7rem_4rem_minmax(8rem,1fr)] items-center gap-2 px-2';

const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');

/** The managers' lead table: virtualized rows, pages of 100 as you scroll, selection and bulk changes. */
export function LeadTable({ filter, firstPage, team }: { filter: TeamLeadFilter; firstPage: Page; team: { id: string; name: string }[] }) {
  const router = useRouter();
  const params = new URLSearchParams(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
  params.set('limit', '100');
  const { pages, items: leads, error, isValidating, hasMore, loadMore, revalidate } = usePages('/api/team/leads', params, firstPage);
  const total = pages[0]?.total ?? leads.length;

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [action, setAction] = useState<'reassign' | 'priority'>('reassign');
  const [value, setValue] = useState<string>(team[0]?.id ?? 'none');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const virtualizer = useWindowVirtualizer({
    count: leads.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: LIST_TOP_ESTIMATE,
    initialRect: { width: 1024, height: 768 },
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !isValidating && lastIndex >= leads.length - 20) void loadMore();
  }, [lastIndex, leads.length, hasMore, isValidating, loadMore]);

  const count = allMatching ? total : selected.size;
  const allLoadedSelected = leads.length > 0 && leads.every((lead) => selected.has(lead.id));
  const toggle = (id: string) => {
    setAllMatching(false);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const toggleAll = () => {
    setAllMatching(false);
    setSelected(allLoadedSelected ? new Set() : new Set(leads.map((lead) => lead.id)));
  };

  async function apply() {
    if (!count) return;
    if (!allMatching && selected.size > MAX_BULK_IDS)
      return setStatus({
        kind: 'error',
        text: `Select at most ${MAX_BULK_IDS.toLocaleString('en-US')} leads one by one, or choose “all matching”.`,
      });
    setBusy(true);
    setStatus(null);
    const change = action === 'reassign' ? { action, ownerId: value === 'none' ? null : value } : { action, priority: Number(value) };
    const target = allMatching ? { filter } : { ids: [...selected] };
    try {
      const { changed } = await fetchJson<{ changed: number }>('/api/team/leads/bulk', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ target, change }),
      });
      const what =
        action === 'reassign'
          ? value === 'none'
            ? 'unassigned'
            : `reassigned to ${team.find((agent) => agent.id === value)?.name}`
          : `set to priority ${value}`;
      setStatus({ kind: 'ok', text: `${changed?.toLocaleString('en-US')} lead${changed === 1 ? '' : 's'} ${what}.` });
      setSelected(new Set());
      setAllMatching(false);
      await revalidate();
      router.refresh();
    } catch (failure) {
      setStatus({
        kind: 'error',
        text:
          failure instanceof ApiRequestError
            ? (failure.serverMessage ?? `The change failed (HTTP ${failure.status}); nothing was changed.`)
            : 'Could not reach the server; nothing was changed. Check your connection and try again.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Leads" className="mt-4">
      <div className="sticky top-14 z-10 flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white py-2 text-sm">
        <span aria-live="polite" className="mr-2">
          {total.toLocaleString('en-US')} lead{total === 1 ? '' : 's'}
          {count ? ` · ${count.toLocaleString('en-US')} selected` : ''}
        </span>
        {allLoadedSelected && !allMatching && total > leads.length && (
          <button type="button" onClick={() => setAllMatching(true)} className="min-h-11 px-2 text-brand-700 hover:underline">
            Select all {total.toLocaleString('en-US')} matching leads
          </button>
        )}
        <label className="sr-only" htmlFor="bulk-action">
          Change
        </label>
        <select
          id="bulk-action"
          value={action}
          onChange={(event) => {
            const next = event.target.value as 'reassign' | 'priority';
            setAction(next);
            setValue(next === 'reassign' ? (team[0]?.id ?? 'none') : '1');
          }}
          className="min-h-11 rounded-md border border-slate-300 px-2"
        >
          <option value="reassign">Reassign to</option>
          <option value="priority">Set priority to</option>
        </select>
        <label className="sr-only" htmlFor="bulk-value">
          {action === 'reassign' ? 'Agent' : 'Priority'}
        </label>
        <select
          id="bulk-value"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="min-h-11 rounded-md border border-slate-300 px-2"
        >
          {action === 'reassign'
            ? [
                ...team.map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                )),
                <option key="none" value="none">
                  Nobody (unassigned)
                </option>,
              ]
            : [1, 2, 3, 4, 5].map((priority) => (
                <option key={priority} value={priority}>
                  {priority}
                </option>
              ))}
        </select>
        <button
          type="button"
          onClick={() => void apply()}
          disabled={!count || busy}
          className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white disabled:opacity-50"
        >
          {busy ? 'Applying…' : `Apply to ${count.toLocaleString('en-US')}`}
        </button>
        {status && (
          <span role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind === 'error' ? 'text-red-700' : 'text-green-800'}>
            {status.text}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="py-2 text-sm text-red-700">
          Could not load more leads: {(error as Error).message}
        </p>
      )}
      <div role="table" aria-label="Leads" aria-rowcount={total + 1} className="text-sm">
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className={`${COLUMNS} h-10 border-b border-slate-200 font-medium text-ink-500`}>
            <span role="columnheader">
              <input
                type="checkbox"
                aria-label="Select all loaded leads"
                checked={allLoadedSelected}
                onChange={toggleAll}
                className="size-5"
              />
            </span>
            <span role="columnheader">Lead</span>
            <span role="columnheader" className="hidden md:block">
              Phone
            </span>
            <span role="columnheader">Owner</span>
            <span role="columnheader">Status</span>
            <span role="columnheader" className="hidden md:block">
              Priority
            </span>
            <span role="columnheader" className="hidden md:block">
              Source
            </span>
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => {
            const lead = leads[row.index];
            const checked = allMatching || selected.has(lead.id);
            return (
              <div
                key={lead.id}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={checked}
                className={`${COLUMNS} border-b border-slate-100 ${checked ? 'bg-brand-50' : ''}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${row.start - LIST_TOP_ESTIMATE}px)`,
                }}
              >
                <span role="cell">
                  <input
                    type="checkbox"
                    aria-label={`Select ${lead.name}`}
                    checked={checked}
                    onChange={() => toggle(lead.id)}
                    className="size-5"
                  />
                </span>
                <span role="cell" className="truncate">
                  <a href={`/leads/${lead.id}`} className="font-medium hover:underline">
                    {lead.name}
                  </a>
                  {lead.company ? <span className="text-ink-500"> · {lead.company}</span> : null}
                </span>
                <span role="cell" className="hidden truncate tabular-nums md:block">
                  {lead.phoneDisplay}
                </span>
                <span role="cell" className="truncate">
                  {lead.ownerName ?? <span className="text-ink-500">Unassigned</span>}
                </span>
                <span role="cell" className="truncate">
                  {statusLabel(lead.status)}
                </span>
                <span role="cell" className="hidden tabular-nums md:block">
                  {lead.priority}
                </span>
                <span role="cell" className="hidden truncate md:block">
                  {lead.source ?? ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {leads.length === 0 && <p className="py-8 text-center text-ink-500">No lead matches these filters.</p>}
    </section>
  );
}
