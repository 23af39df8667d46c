import { perfBudgets } from '@/lib/platform/budgets';
import { formatMs, formatRate } from '@/lib/performance/format';
import { p95Budget } from '@/lib/performance/performance-page';
import type { RouteFigures } from '@/lib/performance/server-performance';

/** Every API route's requests, errors and latency percentiles against its p95 budget, slowest first. */
export function RouteLatencyTable({ routes }: { routes: RouteFigures[] }) {
  return (
    <section aria-labelledby="routes-title" className="mt-8">
      <h2 id="routes-title" className="text-lg font-semibold">
        Routes, slowest first
      </h2>
      {routes.length === 0 ? (
        <p className="mt-2 text-ink-500">No API requests in this range.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <thead className="border-b border-slate-200 text-ink-500">
              <tr>
                {['Route', 'Requests', 'Per minute', 'Errors', 'p50', 'p95', 'p99', 'p95 budget'].map((heading, index) => (
                  <th key={heading} scope="col" className={`py-2 pr-3 font-medium ${index ? 'text-right' : ''}`}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {routes.map((route) => (
                <tr key={`${route.method} ${route.route}`} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal">
                    {route.method} {route.route}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{route.count.toLocaleString('en')}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{route.perMinute}</td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${route.errorRate > perfBudgets.api.errorRate ? 'text-red-700' : ''}`}>
                    {formatRate(route.errorRate)}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatMs(route.p50)}</td>
                  <td
                    className={`py-2 pr-3 text-right tabular-nums ${(route.p95 ?? 0) > p95Budget(route) ? 'text-red-700' : 'text-emerald-700'}`}
                  >
                    {formatMs(route.p95)}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatMs(route.p99)}</td>
                  <td className="py-2 pr-3 text-right text-ink-500 tabular-nums">{formatMs(p95Budget(route))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
