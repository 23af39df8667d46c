'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { startWorkflow } from '@/lib/vitals/browser/workflow';
import { callOutcomes, outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';
import { markDirty } from '@/lib/offline/browser/dirty';
import type { CallBody } from '@/lib/offline/browser/idb';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';
import { fieldErrors } from '@/lib/platform/browser/field-errors';

const RENEW_RESERVATION_MS = 2 * 60_000;

interface Props {
  leadId: string;
  leadName: string;
  phone: string;
  displayPhone: string;
  nextHref: string;
}

type Errors = Record<string, string>;

export function CallLogger({ leadId, leadName, phone, displayPhone, nextHref }: Props) {
  const router = useRouter();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [duration, setDuration] = useState('');
  const [engagement, setEngagement] = useState(50);
  const [notes, setNotes] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [clientId] = useState(() => crypto.randomUUID());
  const [notice, setNotice] = useState('');

  // An app update waits while this form holds input not yet saved.
  const dirty = outcome !== '' || duration !== '' || notes !== '' || callbackAt !== '';
  useEffect(() => {
    markDirty(`call-${clientId}`, dirty);
    return () => markDirty(`call-${clientId}`, false);
  }, [clientId, dirty]);

  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - startedAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);

  useEffect(() => {
    const renew = () => fetch(`/api/leads/${leadId}/reservation`, { method: 'POST' }).catch(() => {});
    const timer = setInterval(renew, RENEW_RESERVATION_MS);
    return () => clearInterval(timer);
  }, [leadId]);

  async function save(andNext: boolean) {
    if (andNext) startWorkflow('time-to-next-lead');
    setSaving(true);
    setErrors({});
    const durationSec = duration === '' ? elapsed : Number(duration);
    const body = {
      clientId,
      leadId,
      outcome,
      durationSec,
      engagement: ['connected', 'callback', 'qualified', 'not_interested', 'do_not_call'].includes(outcome) ? engagement : undefined,
      notes: notes || undefined,
      callbackAt: outcome === 'callback' && callbackAt ? new Date(callbackAt).toISOString() : undefined,
      // The original time, kept if the call waits in the outbox.
      startedAt: new Date(startedAt ?? Date.now() - durationSec * 1000).toISOString(),
    };
    if (outcome === 'callback' && !callbackAt) {
      setErrors({ callbackAt: 'is required for a callback' });
      setSaving(false);
      return;
    }
    const done = () => {
      markDirty(`call-${clientId}`, false);
      if (andNext) router.push(nextHref);
      else router.refresh();
    };
    // Refused (4xx): said here, at the end. No connection, or the server failing (5xx): the call goes to the outbox.
    let answer: 'saved' | 'offline' | ApiRequestError = 'saved';
    try {
      await fetchJson('/api/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (error) {
      answer = error instanceof ApiRequestError && error.status < 500 ? error : 'offline';
    }
    if (answer === 'saved') return done();
    if (answer === 'offline') {
      // Kept on the phone with its client id and original time; sent exactly once when the network is back.
      try {
        const [{ enqueueCall }, { nextLeadOffline }] = await Promise.all([
          import('@/lib/offline/browser/outbox'),
          import('@/lib/offline/browser/snapshot'),
        ]);
        await enqueueCall(body as CallBody, leadName);
        void navigator.serviceWorker?.ready
          .then((registration) =>
            (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('outbox'),
          )
          .catch(() => {});
        setNotice('Saved on this phone: it is sent as soon as you are back online.');
        markDirty(`call-${clientId}`, false);
        if (!andNext) return setSaving(false);
        // Offline, the next lead comes from the queue saved on the phone (skipping leads already called),
        // opened as a document so the service worker can answer from its cache or the offline shell.
        const next = await nextLeadOffline(leadId);
        window.location.assign(next ? `/leads/${next}` : '/queue');
        return;
      } catch {
        setErrors({
          form: 'No connection, and this phone cannot store the call: keep this screen open and try again when you are back online.',
        });
        setSaving(false);
        return;
      }
    }
    const fields = fieldErrors(answer);
    setErrors(Object.keys(fields).length ? fields : { form: answer.serverMessage ?? `Saving failed (${answer.status}).` });
    setSaving(false);
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;

  return (
    <section aria-labelledby="log-call" className="space-y-4">
      <a
        href={`tel:${phone}`}
        onClick={() => setStartedAt(Date.now())}
        className="flex min-h-14 items-center justify-center gap-2 rounded-lg bg-green-700 text-lg font-semibold text-white hover:bg-green-800"
      >
        Call {displayPhone}
      </a>
      <p className="h-5 text-center text-sm text-ink-500 tabular-nums" aria-live="off">
        {startedAt
          ? `On the call: ${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}`
          : 'The timer starts when you tap Call.'}
      </p>
      <h2 id="log-call" className="text-lg font-semibold">
        Log the call
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(true);
        }}
        className="space-y-4"
      >
        <fieldset>
          <legend className="text-sm font-medium">Outcome</legend>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
            {callOutcomes.map((value) => (
              <label
                key={value}
                className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 text-sm ${outcome === value ? 'border-brand-600 bg-brand-50' : 'border-slate-300'}`}
              >
                <input
                  type="radio"
                  name="outcome"
                  value={value}
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                  className="size-4"
                />
                {outcomeLabels[value]}
              </label>
            ))}
          </div>
          {fieldError('outcome')}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="duration" className="block text-sm font-medium">
              Duration (seconds)
            </label>
            <input
              id="duration"
              inputMode="numeric"
              value={duration}
              placeholder={String(elapsed)}
              onChange={(e) => setDuration(e.target.value.replace(/\D/g, ''))}
              aria-describedby={errors.durationSec ? 'durationSec-error' : undefined}
              className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base"
            />
            {fieldError('durationSec')}
          </div>
          <div>
            <label htmlFor="engagement" className="block text-sm font-medium">
              Engagement: <output htmlFor="engagement">{engagement}</output>
            </label>
            <input
              id="engagement"
              type="range"
              min={0}
              max={100}
              step={5}
              value={engagement}
              onChange={(e) => setEngagement(Number(e.target.value))}
              className="mt-1 block min-h-11 w-full accent-brand-600"
            />
            {fieldError('engagement')}
          </div>
        </div>
        <div className={outcome === 'callback' ? '' : 'hidden'}>
          <label htmlFor="callbackAt" className="block text-sm font-medium">
            Call back at (your time)
          </label>
          <input
            id="callbackAt"
            type="datetime-local"
            value={callbackAt}
            onChange={(e) => setCallbackAt(e.target.value)}
            required={outcome === 'callback'}
            className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base"
          />
          {fieldError('callbackAt')}
        </div>
        <div>
          <label htmlFor="notes" className="block text-sm font-medium">
            Notes
          </label>
          <textarea
            id="notes"
            rows={3}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            maxLength={2000}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
          />
          {fieldError('notes')}
        </div>
        <p role="alert" className="min-h-5 text-sm text-red-700">
          {errors.form ?? errors.leadId ?? errors.clientId ?? ''}
        </p>
        <p role="status" className="sr-only">
          {notice}
        </p>
        <div className="grid grid-cols-2 gap-2">
          <button
            type="button"
            disabled={saving || !outcome}
            onClick={() => void save(false)}
            className="min-h-11 rounded-md border border-slate-300 font-medium disabled:opacity-50"
          >
            Save
          </button>
          <button
            type="submit"
            disabled={saving || !outcome}
            className="min-h-11 rounded-md bg-brand-600 font-medium text-white hover:bg-brand-700 disabled:opacity-50"
          >
            {saving ? 'Saving…' : 'Save & next'}
          </button>
        </div>
        <Link href={nextHref} prefetch className="block min-h-11 py-3 text-center text-sm text-brand-700">
          Skip to the next lead
        </Link>
      </form>
    </section>
  );
}
