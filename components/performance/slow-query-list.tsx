import { formatMs } from '@/lib/performance/format';
import type { PerformancePage } from '@/lib/performance/performance-page';

/** The statements over the slow-query budget in the range, by shape. */
export function SlowQueryList({ slow }: { slow: PerformancePage['slow'] }) {
  return (
    <section aria-labelledby="slow-title" className="mt-8">
      <h2 id="slow-title" className="text-lg font-semibold">
        Slow queries
      </h2>
      <p className="text-sm text-ink-500">Queries over the slow-query budget, by statement shape (parameter values are never stored).</p>
      {slow.length === 0 ? (
        <p className="mt-2 text-ink-500">No slow queries in this range.</p>
      ) : (
        <ol className="mt-3 space-y-2">
          {slow.map((query) => (
            <li key={query.statement} className="rounded-md border border-slate-200 p-3 text-sm">
              <code className="block text-xs break-all text-ink-900">{query.statement}</code>
              <span className="text-ink-700">
                {query.n}× · max {formatMs(query.maxMs)} · mean {formatMs(query.avgMs)}
                {query.route ? ` · last from ${query.route}` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
