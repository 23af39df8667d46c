'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { markDirty } from '@/lib/offline/browser/dirty';
import type { EditBody } from '@/lib/offline/browser/idb';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';
import { fieldErrors } from '@/lib/platform/browser/field-errors';

/** The lead's details as the form edits them (the phone in the international format people read). */
export interface EditableLead {
  id: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phoneDisplay: string;
  email: string | null;
  timezone: string;
  notes: string | null;
  status: string;
  priority: number;
}

type Values = {
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  email: string;
  timezone: string;
  notes: string;
  priority: string;
};
type Errors = Record<string, string>;

const valuesOf = (lead: EditableLead): Values => ({
  firstName: lead.firstName,
  lastName: lead.lastName,
  company: lead.company ?? '',
  phone: lead.phoneDisplay,
  email: lead.email ?? '',
  timezone: lead.timezone,
  notes: lead.notes ?? '',
  priority: String(lead.priority),
});

const TEXT_FIELDS = [
  { name: 'firstName', label: 'First name', max: 100, autoComplete: 'off' },
  { name: 'lastName', label: 'Last name', max: 100, autoComplete: 'off' },
  { name: 'company', label: 'Company', max: 200, autoComplete: 'off' },
  { name: 'phone', label: 'Phone (international format, e.g. +44 20 7946 0958)', max: 40, autoComplete: 'off', type: 'tel' },
  { name: 'email', label: 'Email', max: 254, autoComplete: 'off', type: 'email' },
  { name: 'timezone', label: 'Time zone (IANA, e.g. Europe/London)', max: 64, autoComplete: 'off', list: 'lead-time-zones' },
] as const;

const RECYCLABLE = ['ATTEMPTS_USED_UP', 'CLOSED'];

/** "Correct details": the lead's contact fields (and, for managers, priority and recycling), saved online or kept in the outbox. */
export function LeadEditor({ lead, canManage }: { lead: EditableLead; canManage: boolean }) {
  const router = useRouter();
  const [baseline, setBaseline] = useState(() => valuesOf(lead));
  const [values, setValues] = useState(baseline);
  const [recycle, setRecycle] = useState(false);
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Errors>({});
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);
  const [zones, setZones] = useState<string[]>([]);

  const changed = (Object.keys(values) as (keyof Values)[]).filter(
    (field) => values[field].trim() !== baseline[field].trim() && (field !== 'priority' || canManage),
  );
  const dirty = changed.length > 0 || recycle;
  useEffect(() => {
    markDirty(`edit-${lead.id}`, dirty);
    return () => markDirty(`edit-${lead.id}`, false);
  }, [lead.id, dirty]);

  const set = (field: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function save() {
    setErrors({});
    setNotice('');
    if (!dirty) return setErrors({ form: 'Nothing has changed yet: edit a field first.' });
    const body: EditBody = { clientId };
    for (const field of changed) {
      if (field === 'priority') body.priority = Number(values.priority);
      else body[field] = values[field].trim();
    }
    if (recycle) body.recycle = true;
    setSaving(true);
    // Refused (4xx): said here, at the end. No connection, or the server failing (5xx): the correction goes to the outbox.
    let answer: EditableLead | 'offline' | ApiRequestError;
    try {
      answer = await fetchJson<EditableLead>(`/api/leads/${lead.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      answer = error instanceof ApiRequestError && error.status < 500 ? error : 'offline';
    }
    if (answer !== 'offline' && !(answer instanceof ApiRequestError)) {
      const saved = valuesOf(answer);
      setBaseline(saved);
      setValues(saved);
      setRecycle(false);
      setClientId(crypto.randomUUID());
      setNotice('Saved.');
      setSaving(false);
      markDirty(`edit-${lead.id}`, false);
      router.refresh();
      return;
    }
    if (answer === 'offline') {
      try {
        const { enqueueEdit } = await import('@/lib/offline/browser/outbox');
        await enqueueEdit(lead.id, body, `${baseline.firstName} ${baseline.lastName}`);
        void navigator.serviceWorker?.ready
          .then((registration) =>
            (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('outbox'),
          )
          .catch(() => {});
        setBaseline(values);
        setRecycle(false);
        setClientId(crypto.randomUUID());
        setNotice('Saved on this phone: it is sent as soon as you are back online (see the outbox).');
      } catch {
        setErrors({
          form: 'No connection, and this phone cannot store the change: keep this screen open and try again when you are back online.',
        });
      }
      setSaving(false);
      return;
    }
    const fields = fieldErrors(answer);
    const named = Object.keys(fields).some((field) => field in values || field === 'recycle');
    setErrors(named ? fields : { form: answer.serverMessage ?? `Saving failed (${answer.status}).` });
    setSaving(false);
  }

  const describedBy = (name: string) => (errors[name] ? `edit-${name}-error` : undefined);
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`edit-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;
  const input = 'mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base';

  return (
    <details
      className="rounded-lg border border-slate-200 p-4"
      onToggle={(event) => {
        if ((event.target as HTMLDetailsElement).open && zones.length === 0) setZones(Intl.supportedValuesOf?.('timeZone') ?? []);
      }}
    >
      <summary className="min-h-11 cursor-pointer py-2 font-semibold">Correct details</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        className="mt-3 space-y-4"
        noValidate
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {TEXT_FIELDS.map((field) => (
            <div key={field.name}>
              <label htmlFor={`edit-${field.name}`} className="block text-sm font-medium">
                {field.label}
              </label>
              <input
                id={`edit-${field.name}`}
                name={field.name}
                type={'type' in field ? field.type : 'text'}
                value={values[field.name]}
                onChange={set(field.name)}
                maxLength={field.max}
                autoComplete={field.autoComplete}
                list={'list' in field ? field.list : undefined}
                aria-invalid={errors[field.name] ? true : undefined}
                aria-describedby={describedBy(field.name)}
                className={input}
              />
              {fieldError(field.name)}
            </div>
          ))}
        </div>
        <datalist id="lead-time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div>
          <label htmlFor="edit-notes" className="block text-sm font-medium">
            About this lead
          </label>
          <textarea
            id="edit-notes"
            rows={3}
            value={values.notes}
            onChange={set('notes')}
            maxLength={2000}
            aria-describedby={describedBy('notes')}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
          />
          {fieldError('notes')}
        </div>
        {canManage ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor="edit-priority" className="block text-sm font-medium">
                Priority (1 is worked first)
              </label>
              <select
                id="edit-priority"
                value={values.priority}
                onChange={set('priority')}
                aria-describedby={describedBy('priority')}
                className={input}
              >
                {[1, 2, 3, 4, 5].map((priority) => (
                  <option key={priority} value={priority}>
                    {priority}
                  </option>
                ))}
              </select>
              {fieldError('priority')}
            </div>
            {RECYCLABLE.includes(lead.status) ? (
              <div className="flex flex-col justify-end">
                <label className="flex min-h-11 items-center gap-2 text-sm font-medium">
                  <input
                    type="checkbox"
                    checked={recycle}
                    onChange={(event) => setRecycle(event.target.checked)}
                    aria-describedby={describedBy('recycle')}
                    className="size-5"
                  />
                  Recycle: back to New, attempts reset
                </label>
                {fieldError('recycle')}
              </div>
            ) : null}
          </div>
        ) : null}
        <p role="alert" className="min-h-5 text-sm text-red-700">
          {errors.form ?? errors.clientId ?? ''}
        </p>
        <p role="status" className="min-h-5 text-sm text-green-800">
          {notice}
        </p>
        <button
          type="submit"
          disabled={saving}
          className="min-h-11 rounded-md bg-brand-600 px-5 font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </form>
    </details>
  );
}
