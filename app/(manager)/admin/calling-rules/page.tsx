import type { Metadata } from 'next';
import { CallingRulesForm } from '@/components/admin/calling-rules-form';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { editableTeams, getTeamRules } from '@/lib/leads/calling-rules';
import { MAX_ATTEMPTS, MAX_RETRY_MINUTES } from '@/lib/leads/calling-rules-schema';

export const metadata: Metadata = { title: 'Calling rules' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function CallingRulesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/admin/calling-rules');
  const teams = await editableTeams(viewer);
  const asked = (await searchParams).team;
  const team = teams.find((candidate) => candidate.id === asked) ?? teams.find((candidate) => candidate.id === viewer.id) ?? teams[0];
  const rules = team ? await getTeamRules(viewer, team.id) : null;
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <ManagerNav current="/admin/calling-rules" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">Calling rules</h1>
      <p className="mt-1 text-sm text-ink-700">
        When {viewer.role === 'ADMIN' ? 'a team' : 'your team'} may call a lead (hours and days in the lead’s own time zone), how long a
        lead waits after each outcome before it comes back to the queue, how many calls it gets, and which outcomes close it. Changes apply
        to the team’s queues at once.
      </p>
      {team && rules ? (
        <CallingRulesForm
          teams={teams}
          initial={rules}
          chooseTeam={viewer.role === 'ADMIN'}
          limits={{ maxRetryMinutes: MAX_RETRY_MINUTES, maxAttempts: MAX_ATTEMPTS }}
        />
      ) : (
        <p className="mt-6 text-sm text-ink-700">There are no active managers yet, so there is no team to set rules for.</p>
      )}
    </main>
  );
}
