'use client';

import { useEffect, useState } from 'react';
import { CallLogger } from '@/components/leads/call-logger';
import { outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';
import type { StoredLead } from '@/lib/offline/browser/idb';

type View =
  | { kind: 'loading' }
  | { kind: 'queue'; leads: StoredLead[]; syncedAt: number | null }
  | { kind: 'lead'; lead: StoredLead; nextHref: string }
  | { kind: 'missing-lead' }
  | { kind: 'page' };

const time = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The page the service worker serves for a document it can neither fetch nor
 * find saved. It renders what the URL asked for from the phone's own store:
 * the queue, a saved lead (with the call form, whose calls go to the outbox),
 * or says plainly that this page is not saved on this device.
 */
export function OfflineShell() {
  const [view, setView] = useState<View>({ kind: 'loading' });

  useEffect(() => {
    const path = window.location.pathname;
    void (async () => {
      try {
        const [{ readLead, readQueue }, { listOutbox }] = await Promise.all([
          import('@/lib/offline/browser/snapshot'),
          import('@/lib/offline/browser/outbox'),
        ]);
        const [queue, outbox] = await Promise.all([readQueue(), listOutbox()]);
        const called = new Set(outbox.map((item) => item.leadId));
        const leadId = path.match(/^\/leads\/([0-9a-f-]{36})$/)?.[1];
        if (leadId) {
          const lead = await readLead(leadId);
          if (!lead) return setView({ kind: 'missing-lead' });
          const next = queue?.leads.find((item) => item.id !== leadId && !called.has(item.id));
          return setView({ kind: 'lead', lead, nextHref: next ? `/leads/${next.id}` : '/queue' });
        }
        if (path === '/next') {
          const next = queue?.leads.find((item) => !called.has(item.id));
          if (next) return window.location.replace(`/leads/${next.id}`);
        }
        if (path === '/queue' || path === '/next' || path === '/') {
          return setView({
            kind: 'queue',
            leads: (queue?.leads ?? []).filter((item) => !called.has(item.id)),
            syncedAt: queue?.syncedAt ?? null,
          });
        }
        setView({ kind: 'page' });
      } catch {
        setView({ kind: 'page' });
      }
    })();
  }, []);

  if (view.kind === 'loading') return <p className="px-3 py-8 text-center text-ink-500">Opening what is saved on this phone…</p>;
  if (view.kind === 'queue') {
    return (
      <>
        <h1 className="px-3 pt-4 text-xl font-semibold">Your queue</h1>
        <p className="px-3 py-2 text-sm text-ink-500">
          {view.syncedAt ? `Offline · last synced ${time(view.syncedAt)}` : 'Offline · the queue has not been saved on this phone yet.'}
        </p>
        <ul aria-label="Your queue" className="divide-y divide-slate-100">
          {view.leads.map((lead) => (
            <li key={lead.id}>
              <a href={`/leads/${lead.id}`} className="flex min-h-16 flex-col justify-center px-3 hover:bg-slate-50">
                <span className="font-medium text-ink-900">
                  {lead.firstName} {lead.lastName}
                </span>
                <span className="text-sm text-ink-500">{lead.company ?? lead.phoneDisplay ?? lead.phone}</span>
              </a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  if (view.kind === 'lead') {
    const { lead } = view;
    return (
      <div className="space-y-6 px-3 py-4">
        <section aria-labelledby="lead-name" className="rounded-lg border border-slate-200 p-4">
          <p className="mb-1 text-xs text-ink-500">Offline · saved {time(lead.savedAt)}</p>
          <h1 id="lead-name" className="text-2xl font-bold">
            {lead.firstName} {lead.lastName}
          </h1>
          {lead.company ? <p className="text-ink-700">{lead.company}</p> : null}
          <p className="mt-2 text-sm">
            <a href={`tel:${lead.phone}`} className="font-medium text-brand-700">
              {lead.phoneDisplay ?? lead.phone}
            </a>{' '}
            · {lead.timezone}
          </p>
          {lead.notes ? <p className="mt-2 text-sm">{lead.notes}</p> : null}
        </section>
        {lead.status === 'DO_NOT_CALL' ? (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            This lead is do-not-call.
          </p>
        ) : (
          <CallLogger
            key={lead.id}
            leadId={lead.id}
            leadName={`${lead.firstName} ${lead.lastName}`}
            phone={lead.phone}
            displayPhone={lead.phoneDisplay ?? lead.phone}
            nextHref={view.nextHref}
          />
        )}
        {lead.calls?.length ? (
          <section aria-labelledby="history">
            <h2 id="history" className="text-lg font-semibold">
              Call history (as saved)
            </h2>
            <ol className="mt-2 divide-y divide-slate-100">
              {lead.calls.map((call) => (
                <li key={call.id} className="py-2 text-sm">
                  <span className="font-medium">{outcomeLabels[call.outcome as CallOutcome] ?? call.outcome}</span>
                  <span className="text-ink-500"> · {time(Date.parse(call.startedAt))}</span>
                  {call.notes ? <p className="mt-0.5 text-ink-700">{call.notes}</p> : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    );
  }
  return (
    <div className="space-y-3 px-3 py-10 text-center">
      <h1 className="text-xl font-semibold">You are offline</h1>
      <p className="text-ink-700">
        {view.kind === 'missing-lead'
          ? 'This lead is not saved on this phone yet: it opens once you are back online.'
          : 'This page is not saved on this phone. It opens once you are back online.'}
      </p>
      <p>
        <a href="/queue" className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">
          Go to your queue
        </a>
      </p>
    </div>
  );
}
