import type { Metadata } from 'next';
import { ManagerNav } from '@/components/ui/manager-nav';
import { VitalsFilters } from '@/components/vitals/vitals-filters';
import { VitalsReport } from '@/components/vitals/vitals-report';
import { perfBudgets } from '@/lib/platform/budgets';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { RELATIVE_ERROR_BOUND } from '@/lib/platform/metrics/histogram';
import { readVitalsPageParams } from '@/lib/vitals/vitals-page';

export const metadata: Metadata = { title: 'Field performance' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function VitalsReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireViewer(['MANAGER', 'ADMIN'], '/reports/vitals');
  const { filters, sort, dir, query, problem } = readVitalsPageParams(await searchParams);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/reports/vitals" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">Field performance</h1>
      <p className="mt-1 max-w-3xl text-sm text-ink-700">
        How fast Callpace is on your team&rsquo;s own devices: Core Web Vitals and workflow timings sent by the app&rsquo;s pages.
        Figures are the 75th percentile unless marked, exact to within {(RELATIVE_ERROR_BOUND * 100).toFixed(1)} %; fewer than {perfBudgets.field.minSamples} samples
        show as &ldquo;not enough data&rdquo;. Figures may be up to a minute old.
      </p>
      {query ? (
        <VitalsReport query={query} sort={sort} dir={dir} filters={filters} />
      ) : (
        <>
          <VitalsFilters values={filters} routes={[]} releases={[]} />
          <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800">{problem}. Change the filters and apply again.</p>
        </>
      )}
    </main>
  );
}
