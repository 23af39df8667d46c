import { perfBudgets } from '@/lib/platform/budgets';
import { formatRate } from '@/lib/performance/format';
import { getRuntimeStats, type PerformancePage } from '@/lib/performance/performance-page';
import type { RangeName } from '@/lib/performance/server-performance';

/** The data cache's hit rates (every instance's when Redis holds them) and this instance's runtime. */
export function InstanceStats({ caches: { shared, counts: caches }, range }: { caches: PerformancePage['caches']; range: RangeName }) {
  const { loop, memory, cpu, uptime } = getRuntimeStats();
  return (
    <section aria-labelledby="instance-title" className="mt-8 grid gap-4 lg:grid-cols-2">
      <div>
        <h2 id="instance-title" className="text-lg font-semibold">
          {shared ? 'Data cache (all instances)' : 'Data cache (this instance)'}
        </h2>
        <p className="text-sm text-ink-700">
          {shared
            ? `Reads of the shared cache in the last ${range}, counted by whole hours.`
            : 'No shared cache is configured: reads since this instance started.'}
        </p>
        {caches.length === 0 ? (
          <p className="mt-2 text-ink-500">No cached reads yet.</p>
        ) : (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-ink-500">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Namespace
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Hits
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Misses
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Hit rate
                </th>
              </tr>
            </thead>
            <tbody>
              {caches.map(([namespace, counts]) => (
                <tr key={namespace} className="border-b border-slate-100">
                  <th scope="row" className="py-2 font-mono text-xs font-normal">
                    {namespace}
                  </th>
                  <td className="py-2 text-right tabular-nums">{counts.hits}</td>
                  <td className="py-2 text-right tabular-nums">{counts.misses}</td>
                  <td className="py-2 text-right tabular-nums">{formatRate(counts.hits / Math.max(1, counts.hits + counts.misses))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h2 className="text-lg font-semibold">Runtime (this instance)</h2>
        <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
          <dt className="text-ink-500">Event-loop delay p99</dt>
          <dd className={`tabular-nums ${loop.p99Ms > perfBudgets.server.eventLoopDelayP99Ms.warning ? 'text-amber-700' : ''}`}>
            {loop.p99Ms} ms (mean {loop.meanMs} ms)
          </dd>
          <dt className="text-ink-500">Heap used</dt>
          <dd className="tabular-nums">{Math.round(memory.heapUsed / 1048576)} MB</dd>
          <dt className="text-ink-500">Resident memory</dt>
          <dd className={`tabular-nums ${memory.rss / 1048576 > perfBudgets.server.rssMb ? 'text-red-700' : ''}`}>
            {Math.round(memory.rss / 1048576)} MB (budget {perfBudgets.server.rssMb} MB)
          </dd>
          <dt className="text-ink-500">CPU since start</dt>
          <dd className="tabular-nums">{((cpu.user + cpu.system) / 1e6).toFixed(1)} s</dd>
          <dt className="text-ink-500">Up</dt>
          <dd className="tabular-nums">{Math.round(uptime / 60)} min</dd>
        </dl>
      </div>
    </section>
  );
}
