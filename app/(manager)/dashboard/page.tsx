import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AgentLeaderboard } from '@/components/reports/agent-leaderboard';
import { CallHeatmap } from '@/components/reports/call-heatmap';
import { CallTimes } from '@/components/reports/call-times';
import { CallTotals } from '@/components/reports/call-totals';
import { DashboardFilters } from '@/components/reports/dashboard-filters';
import { ReportSkeleton } from '@/components/reports/report-skeleton';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getDashboard } from '@/lib/reports/dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

type SearchParams = Record<string, string | string[] | undefined>;

/** Call results: the filters at once, then each widget streams in as its figures are read. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/dashboard');
  const dashboard = await getDashboard(viewer, await searchParams);
  const { query, agentId } = dashboard;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/dashboard" />
      <div className="mt-3 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Call results</h1>
        {query && (
          <a
            href={`/api/exports/calls?${new URLSearchParams({ from: query.from.toISOString(), to: query.to.toISOString(), ...(agentId ? { agentId } : {}) })}`}
            className="text-sm text-brand-700 hover:underline"
          >
            Export these calls (CSV)
          </a>
        )}
      </div>
      <DashboardFilters dashboard={dashboard} />
      {!query ? (
        <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800">
          {dashboard.problem}. Change the filters and apply again.
        </p>
      ) : (
        <>
          <Suspense fallback={<ReportSkeleton className="mt-6 h-96 lg:h-64" label="Totals" />}>
            <CallTotals query={query} />
          </Suspense>
          <div className="mt-6 grid gap-4 lg:grid-cols-2">
            <Suspense fallback={<ReportSkeleton className="h-[26rem]" label="Calls by hour and day" />}>
              <CallTimes query={query} />
            </Suspense>
            <Suspense fallback={<ReportSkeleton className="h-[26rem]" label="Best time to call" />}>
              <CallHeatmap query={query} />
            </Suspense>
          </div>
          <Suspense fallback={<ReportSkeleton className="mt-6 h-64" label="Agents" />}>
            <AgentLeaderboard query={query} />
          </Suspense>
        </>
      )}
    </main>
  );
}
