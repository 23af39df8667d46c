'use client';

import { useState } from 'react';
import type { IssuedLink } from './link-notice';
import { failureText, sendJson } from './send-json';

export interface ManagerOption {
  id: string;
  name: string;
}

const field = 'mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm';

/** Invite a person: admins choose any role (and an agent's manager); managers invite agents to their own team. */
export function InviteForm({
  isAdmin,
  managers,
  onInvited,
}: {
  isAdmin: boolean;
  managers: ManagerOption[];
  onInvited: (link: IssuedLink) => void;
}) {
  const [role, setRole] = useState<'AGENT' | 'MANAGER' | 'ADMIN'>('AGENT');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '');
    const name = String(data.get('name') ?? '');
    const managerId = isAdmin && role === 'AGENT' ? String(data.get('managerId') ?? '') || undefined : undefined;
    setBusy(true);
    setError(null);
    try {
      const result = await sendJson<{ inviteUrl: string; emailed: boolean }>('/api/users', 'POST', { email, name, role, managerId });
      onInvited({ name: name.trim(), email: email.trim().toLowerCase(), url: result.inviteUrl, kind: 'invite', emailed: result.emailed });
      form.reset();
      setRole('AGENT');
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="invite-heading" className="mt-4 rounded-lg border border-slate-200 p-3">
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite someone
      </h2>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <label className="text-sm text-ink-700">
          Email
          <input name="email" type="email" required autoComplete="off" className={`${field} w-64`} />
        </label>
        <label className="text-sm text-ink-700">
          Name
          <input name="name" required maxLength={100} autoComplete="off" className={`${field} w-48`} />
        </label>
        <label className="text-sm text-ink-700">
          Role
          <select name="role" value={role} onChange={(event) => setRole(event.target.value as typeof role)} className={field}>
            <option value="AGENT">Agent</option>
            {isAdmin && <option value="MANAGER">Manager</option>}
            {isAdmin && <option value="ADMIN">Admin</option>}
          </select>
        </label>
        {isAdmin && role === 'AGENT' && (
          <label className="text-sm text-ink-700">
            Manager
            <select name="managerId" required defaultValue="" className={field}>
              <option value="" disabled>
                Choose a manager
              </option>
              {managers.map((manager) => (
                <option key={manager.id} value={manager.id}>
                  {manager.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="submit"
          disabled={busy}
          className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white disabled:opacity-60"
        >
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </form>
  );
}
