'use client';

import { useEffect, useState } from 'react';
import { outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';
import type { CallItem, EditItem, OutboxItem } from '@/lib/offline/browser/idb';

const time = (at: number) => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  phone: 'Phone',
  email: 'Email',
  timezone: 'Time zone',
  notes: 'Notes',
  priority: 'Priority',
  recycle: 'Recycle',
};

/** One line saying what an entry is: a call's outcome, or which details a correction changes. */
function summary(item: OutboxItem): string {
  if (item.kind === 'call')
    return `${item.leadName} · ${outcomeLabels[item.body.outcome as CallOutcome] ?? item.body.outcome} · logged ${time(item.createdAt)}`;
  return `${item.leadName} · corrected details · saved ${time(item.createdAt)}`;
}

function CallDetails({ item }: { item: CallItem }) {
  return (
    <dl className="mt-2 grid grid-cols-2 gap-x-3 text-ink-700">
      <dt>Duration</dt>
      <dd>{item.body.durationSec} s</dd>
      {item.body.engagement !== undefined ? (
        <>
          <dt>Engagement</dt>
          <dd>{item.body.engagement}</dd>
        </>
      ) : null}
      {item.body.callbackAt ? (
        <>
          <dt>Call back at</dt>
          <dd>{time(Date.parse(item.body.callbackAt))}</dd>
        </>
      ) : null}
      {item.body.notes ? (
        <>
          <dt>Notes</dt>
          <dd className="col-span-2 whitespace-pre-wrap">{item.body.notes}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** What the agent typed, in full: a refused correction must not lose it. */
function EditDetails({ item }: { item: EditItem }) {
  const changes = Object.entries(item.body).filter(([field, value]) => field !== 'clientId' && value !== undefined);
  return (
    <dl className="mt-2 grid grid-cols-2 gap-x-3 text-ink-700">
      {changes.map(([field, value]) => (
        <div key={field} className="col-span-2 grid grid-cols-2 gap-x-3">
          <dt>{FIELD_LABELS[field] ?? field}</dt>
          <dd className="break-words whitespace-pre-wrap">{value === null || value === '' ? '(cleared)' : String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything made on this phone and not yet accepted by the server: waiting, or refused and needing the agent. */
export function OutboxList() {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [others, setOthers] = useState(0);

  useEffect(() => {
    let alive = true;
    const refresh = () =>
      import('@/lib/offline/browser/outbox')
        .then(async ({ listOutbox, waitingForOthers }) => {
          const [list, elsewhere] = await Promise.all([listOutbox(), waitingForOthers()]);
          if (alive) setOthers(elsewhere);
          return list;
        })
        .then((list) => alive && setItems(list))
        .catch(() => alive && setItems([]));
    void refresh();
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('callpace-device');
    channel?.addEventListener('message', () => void refresh());
    return () => {
      alive = false;
      channel?.close();
    };
  }, []);

  async function act(action: 'retry' | 'discard', item: OutboxItem) {
    const question =
      item.kind === 'call'
        ? `Discard the call with ${item.leadName}? It will not be logged.`
        : `Discard your correction of ${item.leadName}’s details? It will not be saved.`;
    if (action === 'discard' && !window.confirm(question)) return;
    const outbox = await import('@/lib/offline/browser/outbox');
    await (action === 'retry' ? outbox.retry(item.clientId) : outbox.discard(item.clientId));
    if (action === 'retry' && navigator.onLine) await outbox.drainOutbox(window.location.origin);
  }

  if (!items) return <p className="px-3 py-4 text-ink-500">Reading this phone’s outbox…</p>;
  const attention = items.filter((item) => item.state === 'attention');
  const pending = items.filter((item) => item.state === 'pending');
  return (
    <div className="space-y-6 px-3 py-4">
      {items.length === 0 ? <p className="text-ink-700">Everything you logged has reached the server.</p> : null}
      {attention.length ? (
        <section aria-labelledby="attention">
          <h2 id="attention" className="text-lg font-semibold text-red-800">
            Needs attention ({attention.length})
          </h2>
          <ul className="mt-2 space-y-3">
            {attention.map((item) => (
              <li key={item.clientId} className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm">
                <p className="font-medium">{summary(item)}</p>
                <p className="mt-1 text-red-800">{item.problem?.message}</p>
                {item.problem?.fields ? (
                  <ul className="mt-1 list-disc pl-5 text-red-800">
                    {Object.entries(item.problem.fields).map(([field, message]) => (
                      <li key={field}>
                        {FIELD_LABELS[field] ?? field}: {message}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {item.kind === 'call' ? <CallDetails item={item} /> : <EditDetails item={item} />}
                {item.kind === 'edit' ? (
                  <p className="mt-2 text-ink-700">
                    To correct it,{' '}
                    <a href={`/leads/${item.leadId}`} className="font-medium text-brand-700 underline">
                      open the lead
                    </a>{' '}
                    and save the details again, then discard this one.
                  </p>
                ) : null}
                <div className="mt-3 flex gap-2">
                  <button
                    type="button"
                    onClick={() => void act('retry', item)}
                    className="min-h-11 rounded-md border border-slate-300 bg-white px-3 font-medium"
                  >
                    Try again
                  </button>
                  <button
                    type="button"
                    onClick={() => void act('discard', item)}
                    className="min-h-11 rounded-md px-3 font-medium text-red-800"
                  >
                    Discard
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {pending.length ? (
        <section aria-labelledby="pending">
          <h2 id="pending" className="text-lg font-semibold">
            Waiting to send ({pending.length})
          </h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {pending.map((item) => (
              <li key={item.clientId} className="py-2">
                {summary(item)}
                {item.attempts ? (
                  <span className="text-ink-500">
                    {' '}
                    · {item.attempts} attempt{item.attempts > 1 ? 's' : ''}, retrying
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {others ? (
        <p className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-ink-700">
          {others === 1 ? '1 call' : `${others} calls`} logged on this phone by someone else {others === 1 ? 'waits' : 'wait'} for them to
          sign in again; {others === 1 ? 'it is' : 'they are'} sent under their account, never yours.
        </p>
      ) : null}
      <p>
        <a href="/queue" className="inline-flex min-h-11 items-center font-medium text-brand-700">
          Back to your queue
        </a>
      </p>
    </div>
  );
}
