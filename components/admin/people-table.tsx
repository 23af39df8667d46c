'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Person } from '@/lib/users/people';
import { InviteForm, type ManagerOption } from './invite-form';
import { LinkNotice, type IssuedLink } from './link-notice';
import { PersonActions } from './person-actions';

const roleLabel = { AGENT: 'Agent', MANAGER: 'Manager', ADMIN: 'Admin' } as const;
const statusStyle = {
  active: 'bg-green-50 text-green-800',
  invited: 'bg-amber-50 text-amber-900',
  deactivated: 'bg-slate-100 text-ink-700',
} as const;
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'Never');

/** People and teams: the list, invitations, and each person's actions; the page re-reads after every change. */
export function PeopleTable({
  viewer,
  people,
  managers,
}: {
  viewer: { id: string; role: 'MANAGER' | 'ADMIN' };
  people: Person[];
  managers: ManagerOption[];
}) {
  const router = useRouter();
  const [link, setLink] = useState<IssuedLink | null>(null);
  const [message, setMessage] = useState('');
  const isAdmin = viewer.role === 'ADMIN';
  const teamName = new Map(managers.map((manager) => [manager.id, manager.name]));
  const agents = people
    .filter((person) => person.role === 'AGENT' && person.status !== 'deactivated')
    .map((person) => ({
      id: person.id,
      name: isAdmin && person.managerId ? `${person.name} (${teamName.get(person.managerId) ?? 'team'})` : person.name,
    }));

  const changed = (text: string) => {
    setMessage(text);
    router.refresh();
  };
  const issued = (next: IssuedLink) => {
    setLink(next);
    router.refresh();
  };

  return (
    <>
      <InviteForm isAdmin={isAdmin} managers={managers} onInvited={issued} />
      {link && <LinkNotice link={link} onClose={() => setLink(null)} />}
      <p aria-live="polite" className="mt-3 text-sm text-ink-700">
        {message}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">People{isAdmin ? '' : ' on your team'}, with role, manager, status and last activity</caption>
          <thead className="border-b border-slate-200 text-ink-700">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Person
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Role
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Manager
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Status
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Last active
              </th>
              <th scope="col" className="py-2 font-medium">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-3">
                  <span className="font-medium">{person.name}</span>
                  {person.id === viewer.id && <span className="text-ink-500"> (you)</span>}
                  <span className="block text-ink-500">{person.email}</span>
                </td>
                <td className="py-2 pr-3">
                  {roleLabel[person.role]}
                  {person.role === 'MANAGER' ? ` · ${person.teamSize} in team` : ''}
                </td>
                <td className="py-2 pr-3">{person.managerName ?? '—'}</td>
                <td className="py-2 pr-3">
                  <span className={`rounded px-1.5 py-0.5 ${statusStyle[person.status]}`}>{person.status}</span>
                  {person.status === 'invited' && (
                    <span className="block text-xs text-ink-500">
                      {person.inviteExpiresAt ? `link until ${when(person.inviteExpiresAt)}` : 'link expired'}
                    </span>
                  )}
                </td>
                <td className="py-2 pr-3">
                  <time dateTime={person.lastActiveAt ?? undefined}>{when(person.lastActiveAt)}</time>
                </td>
                <td className="py-2">
                  <details>
                    <summary className="flex min-h-11 cursor-pointer items-center text-brand-700">
                      Manage<span className="sr-only"> {person.name}</span>
                    </summary>
                    <PersonActions
                      person={person}
                      isAdmin={isAdmin}
                      isSelf={person.id === viewer.id}
                      managers={managers}
                      agents={agents}
                      onLink={issued}
                      onChanged={changed}
                    />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {people.length === 0 && <p className="mt-2 text-sm text-ink-500">Nobody here yet: invite your first agent above.</p>}
      </div>
    </>
  );
}
