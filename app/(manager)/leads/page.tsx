import type { Metadata } from 'next';
import Link from 'next/link';
import { LeadFilters, type LeadFilterValues } from '@/components/team/lead-filters';
import { LeadTable } from '@/components/team/lead-table';
import { NewLeadForm } from '@/components/team/new-lead-form';
import { RecentChanges } from '@/components/team/recent-changes';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { leadSources, recentAudit, teamLeadsPage } from '@/lib/leads/team-leads';
import { TeamLeadFilter } from '@/lib/leads/team-leads-schema';
import { getTeamAgents } from '@/lib/users/team';

export const metadata: Metadata = { title: 'Leads' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export default async function LeadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/leads');
  const params = await searchParams;
  const raw: LeadFilterValues = {
    status: first(params.status),
    owner: first(params.owner),
    priority: first(params.priority),
    source: first(params.source),
    q: first(params.q),
  };
  const parsed = TeamLeadFilter.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  // Deactivated agents too: their leads are still the team's to filter by and reassign, and name past changes.
  const [team, sources, firstPage, audit] = await Promise.all([
    getTeamAgents(viewer, { includeInactive: true }),
    leadSources(viewer),
    parsed.success ? teamLeadsPage(viewer, filter, { limit: 100 }) : null,
    recentAudit(viewer, 10),
  ]);

  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/leads" />
      <div className="mt-3 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Leads</h1>
        <p className="text-sm">
          <Link href="/leads/import" className="text-brand-700 hover:underline">
            Import a CSV
          </Link>
          {' · '}
          <a
            href={`/api/exports/leads?${new URLSearchParams(Object.entries(raw).filter(([, value]) => value))}`}
            className="text-brand-700 hover:underline"
          >
            Export these leads (CSV)
          </a>
        </p>
      </div>
      <NewLeadForm agents={team.filter((agent) => agent.active).map(({ id, name }) => ({ id, name }))} />
      <LeadFilters values={raw} team={team} sources={sources} />
      {!parsed.success && (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Those filters are not valid: {parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}.
        </p>
      )}
      {firstPage && <LeadTable key={JSON.stringify(filter)} filter={filter} firstPage={firstPage} team={team} />}
      <RecentChanges entries={audit} team={team} />
    </main>
  );
}
