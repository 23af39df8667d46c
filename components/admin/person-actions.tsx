'use client';

import { useState } from 'react';
import type { Person } from '@/lib/users/people';
import type { ManagerOption } from './invite-form';
import type { IssuedLink } from './link-notice';
import { failureText, sendJson } from './send-json';

const field = 'mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm';
const button = 'min-h-11 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium disabled:opacity-60';
const roleLabel = { AGENT: 'Agent', MANAGER: 'Manager', ADMIN: 'Admin' } as const;

interface Props {
  person: Person;
  isAdmin: boolean;
  isSelf: boolean;
  managers: ManagerOption[];
  /** Active agents who could take this person's leads. */
  agents: { id: string; name: string }[];
  onLink: (link: IssuedLink) => void;
  onChanged: (message: string) => void;
}

/** One person's actions: role and team (admins), name, a new link, deactivation with where their open leads go, reactivation. */
export function PersonActions({ person, isAdmin, isSelf, managers, agents, onLink, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [role, setRole] = useState(person.role);
  const id = person.id;

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  }

  const patch = (body: Record<string, unknown>, done: string) =>
    run(async () => {
      await sendJson(`/api/users/${id}`, 'PATCH', body);
      return done;
    });

  const newLink = () =>
    run(async () => {
      const result = await sendJson<{ kind: 'invite' | 'reset'; url: string; emailed: boolean }>(`/api/users/${id}/password-reset`, 'POST');
      onLink({ name: person.name, email: person.email, url: result.url, kind: result.kind, emailed: result.emailed });
      return result.kind === 'invite' ? `New invitation link for ${person.name} below.` : `Password-reset link for ${person.name} below.`;
    });

  function changeRole(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const managerId = String(new FormData(event.currentTarget).get('managerId') ?? '') || undefined;
    void patch({ role, ...(role === 'AGENT' ? { managerId } : {}) }, `${person.name} is now ${roleLabel[role].toLowerCase()}.`);
  }

  function rename(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void patch({ name: String(new FormData(event.currentTarget).get('name') ?? '') }, 'Name saved.');
  }

  function deactivate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const choice = String(new FormData(event.currentTarget).get('reassign') ?? 'keep');
    const reassign =
      choice === 'keep'
        ? undefined
        : choice === 'round_robin' || choice === 'unassigned'
          ? { to: choice }
          : { to: 'agent', agentId: choice };
    void patch({ active: false, ...(reassign ? { reassign } : {}) }, `${person.name} is deactivated and signed out everywhere.`);
  }

  const others = agents.filter((agent) => agent.id !== id);
  return (
    <div className="mt-2 space-y-3">
      <form onSubmit={rename} className="flex flex-wrap items-end gap-2">
        <label className="text-sm text-ink-700">
          Name
          <input name="name" defaultValue={person.name} required maxLength={100} className={`${field} w-48`} />
        </label>
        <button type="submit" disabled={busy} className={button}>
          Save name
        </button>
      </form>

      {isAdmin && !isSelf && (
        <form onSubmit={changeRole} className="flex flex-wrap items-end gap-2">
          <label className="text-sm text-ink-700">
            Role
            <select value={role} onChange={(event) => setRole(event.target.value as Person['role'])} className={field}>
              <option value="AGENT">Agent</option>
              <option value="MANAGER">Manager</option>
              <option value="ADMIN">Admin</option>
            </select>
          </label>
          {role === 'AGENT' && (
            <label className="text-sm text-ink-700">
              Manager (team)
              <select name="managerId" defaultValue={person.managerId ?? ''} required className={field}>
                <option value="" disabled>
                  Choose a manager
                </option>
                {managers
                  .filter((manager) => manager.id !== id)
                  .map((manager) => (
                    <option key={manager.id} value={manager.id}>
                      {manager.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <button type="submit" disabled={busy} className={button}>
            Save role and team
          </button>
        </form>
      )}

      <div className="flex flex-wrap items-end gap-2">
        {person.status !== 'deactivated' && (
          <button type="button" onClick={newLink} disabled={busy} className={button}>
            {person.status === 'invited' ? 'New invitation link' : 'Reset link'}
          </button>
        )}
        {person.status === 'deactivated' && (
          <button
            type="button"
            onClick={() => patch({ active: true }, `${person.name} is active again.`)}
            disabled={busy}
            className={button}
          >
            Reactivate
          </button>
        )}
      </div>

      {person.status !== 'deactivated' && !isSelf && (
        <form onSubmit={deactivate} className="flex flex-wrap items-end gap-2">
          <label className="text-sm text-ink-700">
            Their open leads
            <select name="reassign" defaultValue={person.role === 'AGENT' ? 'round_robin' : 'keep'} className={field}>
              <option value="keep">Keep with them</option>
              {person.role === 'AGENT' && <option value="round_robin">Share round robin in their team</option>}
              <option value="unassigned">Unassign them</option>
              {others.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  Give to {agent.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            disabled={busy}
            className="min-h-11 rounded-md border border-red-300 bg-white px-3 text-sm font-medium text-red-800 disabled:opacity-60"
          >
            Deactivate
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
