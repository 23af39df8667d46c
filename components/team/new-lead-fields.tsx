'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';
import { fieldErrors } from '@/lib/platform/browser/field-errors';

type Errors = Record<string, string>;

const EMPTY = { firstName: '', lastName: '', phone: '', company: '', email: '', timezone: '', ownerId: '', priority: '3' };
type Values = typeof EMPTY;

const TEXT_FIELDS = [
  { name: 'firstName', label: 'First name', max: 100, required: true },
  { name: 'lastName', label: 'Last name', max: 100, required: true },
  { name: 'phone', label: 'Phone (international, e.g. +44 20 7946 0958)', max: 40, required: true, type: 'tel' },
  { name: 'company', label: 'Company', max: 200 },
  { name: 'email', label: 'Email', max: 254, type: 'email' },
  { name: 'timezone', label: 'Time zone (e.g. Europe/London)', max: 64, required: true, list: 'new-lead-zones' },
] as const;

/** A manager adds one lead (POST /api/leads) and gives it to an active agent of the team, or to nobody. */
/** The form itself, loaded only when a manager opens "Add one lead" (components/team/new-lead-form.tsx). */
export default function NewLeadFields({ agents }: { agents: { id: string; name: string }[] }) {
  const router = useRouter();
  const [values, setValues] = useState<Values>(EMPTY);
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // Every zone this browser knows, for the time-zone field's suggestions.
  const [zones] = useState<string[]>(() => Intl.supportedValuesOf?.('timeZone') ?? []);

  const set = (field: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function submit() {
    setErrors({});
    setCreated(null);
    setSaving(true);
    const body = {
      clientId,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      phone: values.phone.trim(),
      timezone: values.timezone.trim(),
      company: values.company.trim() || null,
      email: values.email.trim() || null,
      ownerId: values.ownerId || null,
      priority: Number(values.priority),
    };
    try {
      const { id } = await fetchJson<{ id: string }>('/api/leads', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      setCreated({ id, name: `${body.firstName} ${body.lastName}`.trim() });
      setValues({ ...EMPTY, timezone: values.timezone, ownerId: values.ownerId });
      setClientId(crypto.randomUUID());
      router.refresh();
    } catch (error) {
      if (!(error instanceof ApiRequestError)) {
        setErrors({ form: 'Could not reach the server; the lead was not created. Check your connection and try again.' });
        return;
      }
      const fields = fieldErrors(error);
      const named = Object.keys(fields).some((field) => field in values);
      setErrors(named ? fields : { form: error.serverMessage ?? `Creating the lead failed (${error.status}).` });
    } finally {
      setSaving(false);
    }
  }

  const describedBy = (name: string) => (errors[name] ? `new-lead-${name}-error` : undefined);
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`new-lead-${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]}
      </p>
    ) : null;
  const input = 'mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2 text-sm';

  return (
    <form
      aria-label="New lead"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      className="mt-2 space-y-3"
      noValidate
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {TEXT_FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={`new-lead-${field.name}`} className="block text-sm text-ink-700">
              {field.label}
              {'required' in field ? ' *' : ''}
            </label>
            <input
              id={`new-lead-${field.name}`}
              type={'type' in field ? field.type : 'text'}
              value={values[field.name]}
              onChange={set(field.name)}
              maxLength={field.max}
              required={'required' in field}
              autoComplete="off"
              list={'list' in field ? field.list : undefined}
              aria-invalid={errors[field.name] ? true : undefined}
              aria-describedby={describedBy(field.name)}
              className={input}
            />
            {fieldError(field.name)}
          </div>
        ))}
        <div>
          <label htmlFor="new-lead-ownerId" className="block text-sm text-ink-700">
            Owner
          </label>
          <select
            id="new-lead-ownerId"
            value={values.ownerId}
            onChange={set('ownerId')}
            aria-describedby={describedBy('ownerId')}
            className={input}
          >
            <option value="">Nobody (unassigned)</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
          {fieldError('ownerId')}
        </div>
        <div>
          <label htmlFor="new-lead-priority" className="block text-sm text-ink-700">
            Priority (1 is worked first)
          </label>
          <select
            id="new-lead-priority"
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
      </div>
      <datalist id="new-lead-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {errors.form ?? errors.clientId ?? ''}
      </p>
      <p role="status" className="min-h-5 text-sm text-green-800">
        {created ? (
          <>
            Lead created:{' '}
            <Link href={`/leads/${created.id}`} className="font-medium text-brand-700 underline">
              {created.name || 'open it'}
            </Link>
          </>
        ) : null}
      </p>
      <button
        type="submit"
        disabled={saving}
        className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white disabled:opacity-50"
      >
        {saving ? 'Creating…' : 'Create lead'}
      </button>
    </form>
  );
}
