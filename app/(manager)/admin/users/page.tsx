import type { Metadata } from 'next';
import { PeopleTable } from '@/components/admin/people-table';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { listPeople } from '@/lib/users/people';

export const metadata: Metadata = { title: 'People' };

export default async function PeoplePage() {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/admin/users');
  const people = await listPeople(viewer);
  const managers =
    viewer.role === 'ADMIN'
      ? people.filter((person) => person.role === 'MANAGER' && person.status !== 'deactivated').map(({ id, name }) => ({ id, name }))
      : [{ id: viewer.id, name: viewer.name }];
  const role = viewer.role === 'ADMIN' ? 'ADMIN' : 'MANAGER';

  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/admin/users" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">{role === 'ADMIN' ? 'People and teams' : 'Your team'}</h1>
      <p className="mt-1 text-sm text-ink-700">
        {role === 'ADMIN' ? 'Everyone, with their role and team.' : 'The agents on your team.'} Invitations and reset links are shown here
        once to copy and send.
      </p>
      <PeopleTable viewer={{ id: viewer.id, role }} people={people} managers={managers} />
    </main>
  );
}
