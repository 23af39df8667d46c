import type { Metadata } from 'next';
import { AlertRules, FiringAlerts } from '@/components/performance/alert-rules';
import { InstanceStats } from '@/components/performance/instance-stats';
import { RangeNav } from '@/components/performance/range-nav';
import { RequestSummary } from '@/components/performance/request-summary';
import { RouteLatencyTable } from '@/components/performance/route-latency-table';
import { SlowQueryList } from '@/components/performance/slow-query-list';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getPerformancePage, rangeOf } from '@/lib/performance/performance-page';

export const metadata: Metadata = { title: 'Server performance' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function PerformancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/reports/performance');
  const params = await searchParams;
  const range = rangeOf(first(params.range));
  const { server, routes, slow, alerts, firing, caches } = await getPerformancePage(range);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/reports/performance" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">Server performance</h1>
      <p className="mt-1 max-w-3xl text-sm text-ink-700">
        Every API route&rsquo;s latency (exact to within 2.5 %), throughput and error rate from all instances, the slowest queries, alerts, the data
        cache&rsquo;s hit rates and this instance&rsquo;s runtime. Prometheus scrapes the same figures at <code>/api/metrics</code>.
      </p>
      <RangeNav range={range} />
      <FiringAlerts firing={firing} />
      <RequestSummary server={server} range={range} />
      <RouteLatencyTable routes={routes} />
      <SlowQueryList slow={slow} />
      <InstanceStats caches={caches} range={range} />
      <AlertRules alerts={alerts} range={range} canEdit={viewer.role === 'ADMIN'}
        notice={{ evaluated: first(params.evaluated), error: first(params.error), saved: first(params.saved), rule: first(params.rule) }} />
    </main>
  );
}
