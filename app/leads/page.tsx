import type { Metadata } from 'next';
import Link from 'next/link';
import { LeadTable } from '@/components/team/lead-table';
import { NewLeadForm } from '@/components/team/new-lead-form';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { leadSources, recentAudit, teamLeadsPage, type AuditEntry } from '@/lib/leads/team-leads';
import { TeamLeadFilter, teamLeadStatuses } from '@/lib/leads/team-leads-schema';

export const metadata: Metadata = { title: 'Leads' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');

function describe(entry: AuditEntry, names: Map<string, string>): string {
  const detail = entry.detail as { change?: { ownerId?: string | null; priority?: number }; fileName?: string; inserted?: number; updated?: number };
  const leads = `${entry.leadCount.toLocaleString('en-US')} lead${entry.leadCount === 1 ? '' : 's'}`;
  switch (entry.action) {
    case 'leads.reassign':
      return `reassigned ${leads} to ${detail.change?.ownerId ? (names.get(detail.change.ownerId) ?? 'another agent') : 'nobody (unassigned)'}`;
    case 'leads.priority':
      return `set ${leads} to priority ${detail.change?.priority}`;
    case 'leads.import':
      return `imported ${detail.fileName}: ${detail.inserted ?? 0} new, ${detail.updated ?? 0} updated`;
    case 'leads.do_not_call':
      return `imported the do-not-call list ${detail.fileName}: ${leads} stopped`;
    case 'lead.create':
      return 'created a lead';
    case 'lead.edit':
      return `corrected a lead’s ${((entry.detail as { fields?: string[] }).fields ?? []).join(', ') || 'details'}`;
    case 'lead.recycle':
      return 'recycled a lead';
    default:
      return `${entry.action} on ${leads}`;
  }
}

export default async function LeadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/leads');
  const params = await searchParams;
  const raw = { status: first(params.status), owner: first(params.owner), priority: first(params.priority), source: first(params.source), q: first(params.q) };
  const parsed = TeamLeadFilter.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const [team, sources, firstPage, audit] = await Promise.all([
    db.user.findMany({ where: { role: 'AGENT', ...(viewer.role === 'ADMIN' ? {} : { managerId: viewer.id }) }, select: { id: true, name: true, active: true }, orderBy: { name: 'asc' } }),
    leadSources(viewer),
    parsed.success ? teamLeadsPage(viewer, filter, { limit: 100 }) : null,
    recentAudit(viewer, 10),
  ]);
  const names = new Map(team.map((agent) => [agent.id, agent.name]));
  const select = 'mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm';

  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <ManagerNav current="/leads" />
        <div className="mt-3 flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Leads</h1>
          <p className="text-sm">
            <Link href="/leads/import" className="text-brand-700 hover:underline">Import a CSV</Link>
            {' · '}
            <a href={`/api/exports/leads?${new URLSearchParams(Object.entries(raw).filter(([, value]) => value))}`} className="text-brand-700 hover:underline">Export these leads (CSV)</a>
          </p>
        </div>
        <NewLeadForm agents={team.filter((agent) => agent.active).map(({ id, name }) => ({ id, name }))} />
        <form method="get" action="/leads" aria-label="Lead filters" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3">
          <label className="text-sm text-ink-700">Search<input type="search" name="q" defaultValue={raw.q} placeholder="Name, company, email, phone" className={`${select} w-56`} /></label>
          <label className="text-sm text-ink-700">Status
            <select name="status" defaultValue={raw.status.toUpperCase()} className={select}>
              <option value="">Any</option>
              {teamLeadStatuses.map((status) => <option key={status} value={status}>{statusLabel(status)}</option>)}
            </select>
          </label>
          <label className="text-sm text-ink-700">Owner
            <select name="owner" defaultValue={raw.owner} className={select}>
              <option value="">Anyone</option>
              <option value="none">Unassigned</option>
              {team.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
            </select>
          </label>
          <label className="text-sm text-ink-700">Priority
            <select name="priority" defaultValue={raw.priority} className={select}>
              <option value="">Any</option>
              {[1, 2, 3, 4, 5].map((priority) => <option key={priority} value={priority}>{priority}</option>)}
            </select>
          </label>
          <label className="text-sm text-ink-700">Source
            <select name="source" defaultValue={raw.source} className={select}>
              <option value="">Any</option>
              {sources.map((source) => <option key={source} value={source}>{source}</option>)}
            </select>
          </label>
          <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white">Show leads</button>
          <Link href="/leads" className="flex min-h-11 items-center px-2 text-sm text-brand-700 hover:underline">Clear</Link>
        </form>
        {!parsed.success && (
          <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            Those filters are not valid: {parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}.
          </p>
        )}
        {firstPage && <LeadTable key={JSON.stringify(filter)} filter={filter} firstPage={firstPage} team={team} />}
        <section aria-labelledby="audit" className="mt-8">
          <h2 id="audit" className="text-lg font-semibold">Recent changes</h2>
          {audit.length === 0 ? (
            <p className="mt-1 text-sm text-ink-500">No bulk changes or imports yet.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {audit.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={entry.createdAt} className="text-ink-500">{new Date(entry.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>{' '}
                  {entry.actor} {describe(entry, names)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
