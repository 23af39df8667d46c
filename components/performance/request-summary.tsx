import { LineChart } from '@/components/reports/line-chart';
import { perfBudgets } from '@/lib/platform/budgets';
import { formatMs, formatRate } from '@/lib/performance/format';
import type { PerformancePage } from '@/lib/performance/performance-page';
import type { RangeName } from '@/lib/performance/server-performance';

/** Requests and server errors over the range, and p95 latency and throughput per step. */
export function RequestSummary({ server, range }: { server: PerformancePage['server']; range: RangeName }) {
  const stepLabel = (iso: string) =>
    server.step === 'day' ? iso.slice(0, 10) : server.step === 'hour' ? iso.slice(5, 16).replace('T', ' ') : iso.slice(11, 16);
  return (
    <section aria-labelledby="summary-title" className="mt-6">
      <h2 id="summary-title" className="text-lg font-semibold">
        Requests
      </h2>
      <p className="text-sm text-ink-700">
        {server.total.toLocaleString('en')} {server.total === 1 ? 'request' : 'requests'} in the last {range},{' '}
        {formatRate(server.errorRate)} answered with a server error.
      </p>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <LineChart
          title={`p95 latency per ${server.step}`}
          values={server.trend.map((point) => point.p95)}
          firstLabel={stepLabel(server.trend[0].at)}
          lastLabel={stepLabel(server.trend.at(-1)!.at)}
          lines={[{ value: perfBudgets.api.defaults.p95, className: 'stroke-emerald-600' }]}
          format={formatMs}
          empty="no requests"
        />
        <LineChart
          title={`Requests per ${server.step}`}
          values={server.trend.map((point) => point.count || null)}
          firstLabel={stepLabel(server.trend[0].at)}
          lastLabel={stepLabel(server.trend.at(-1)!.at)}
          format={(value) => (value === null ? '0' : value.toLocaleString('en'))}
          empty="no requests"
        />
      </div>
    </section>
  );
}
