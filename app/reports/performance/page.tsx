import type { Metadata } from 'next';
import Link from 'next/link';
import { LineChart } from '@/components/reports/line-chart';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { evaluateAlertsNow, updateAlertRule } from '@/lib/alerts/actions';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { perfBudgets } from '@/lib/platform/budgets';
import { cacheStats } from '@/lib/platform/cache';
import { sharedCacheStats } from '@/lib/platform/cache/stats';
import { getAlerts, getServerPerformance, getSlowQueries, RANGES, type RangeName, type RouteFigures } from '@/lib/performance/server-performance';
import { eventLoopDelay } from '@/lib/platform/runtime/event-loop';

export const metadata: Metadata = { title: 'Server performance' };

const STATE_STYLE: Record<string, string> = {
  OK: 'bg-emerald-50 text-emerald-800',
  WARNING: 'bg-amber-50 text-amber-800',
  CRITICAL: 'bg-red-50 text-red-800',
  RESOLVED: 'bg-slate-100 text-ink-700',
};

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
const formatMs = (value: number | null) => (value === null ? '–' : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`);
const formatRate = (value: number) => `${(value * 100).toFixed(value && value < 0.01 ? 2 : 1)} %`;
const formatMetric = (metric: string, value: number) => (metric.startsWith('errors') ? formatRate(value) : metric.startsWith('CLS') ? value.toFixed(3) : formatMs(value));

/** The API budget of a route, from the budget file (its own, else the default). */
function p95Budget(route: RouteFigures): number {
  const routes = perfBudgets.api.routes as Record<string, { p95?: number }>;
  return routes[`${route.method} ${route.route}`]?.p95 ?? perfBudgets.api.defaults.p95;
}

export default async function PerformancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/reports/performance');
  const params = await searchParams;
  const range = (Object.keys(RANGES) as RangeName[]).includes(first(params.range) as RangeName) ? (first(params.range) as RangeName) : '24h';
  const [server, alerts] = await Promise.all([getServerPerformance(range), getAlerts()]);
  const slow = await getSlowQueries(server.since);
  const routes = [...server.routes].sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0));
  // Every instance's counts over the range (whole hours) when Redis holds them; otherwise this instance's since it started.
  const shared = await sharedCacheStats(new Date(server.since), new Date()).catch(() => null);
  const caches = Object.entries(shared ?? cacheStats()).sort(([a], [b]) => a.localeCompare(b));
  const loop = eventLoopDelay();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const firing = alerts.rules.filter((rule) => rule.state === 'WARNING' || rule.state === 'CRITICAL');
  const stepLabel = (iso: string) => (server.step === 'day' ? iso.slice(0, 10) : server.step === 'hour' ? iso.slice(5, 16).replace('T', ' ') : iso.slice(11, 16));

  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <ManagerNav current="/reports/performance" />
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">Server performance</h1>
        <p className="mt-1 max-w-3xl text-sm text-ink-700">
          Every API route&rsquo;s latency (exact to within 2.5 %), throughput and error rate from all instances, the slowest queries, alerts, the data
          cache&rsquo;s hit rates and this instance&rsquo;s runtime. Prometheus scrapes the same figures at <code>/api/metrics</code>.
        </p>
        <nav aria-label="Range" className="mt-4 flex gap-2">
          {(Object.keys(RANGES) as RangeName[]).map((name) => (
            <Link key={name} href={`/reports/performance?range=${name}`} aria-current={name === range ? 'page' : undefined} prefetch={false}
              className={`flex min-h-11 items-center rounded-md border px-3 text-sm ${name === range ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 text-ink-700'}`}>
              Last {name}
            </Link>
          ))}
        </nav>

        {firing.length ? (
          <p role="alert" className="mt-5 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {firing.length === 1 ? '1 alert is firing' : `${firing.length} alerts are firing`}: {firing.map((rule) => `${rule.name} (${rule.state.toLowerCase()})`).join(', ')}.
          </p>
        ) : null}

        <section aria-labelledby="summary-title" className="mt-6">
          <h2 id="summary-title" className="text-lg font-semibold">Requests</h2>
          <p className="text-sm text-ink-700">{server.total.toLocaleString('en')} {server.total === 1 ? 'request' : 'requests'} in the last {range}, {formatRate(server.errorRate)} answered with a server error.</p>
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <LineChart title={`p95 latency per ${server.step}`} values={server.trend.map((point) => point.p95)} firstLabel={stepLabel(server.trend[0].at)} lastLabel={stepLabel(server.trend.at(-1)!.at)}
              lines={[{ value: perfBudgets.api.defaults.p95, className: 'stroke-emerald-600' }]} format={formatMs} empty="no requests" />
            <LineChart title={`Requests per ${server.step}`} values={server.trend.map((point) => point.count || null)} firstLabel={stepLabel(server.trend[0].at)} lastLabel={stepLabel(server.trend.at(-1)!.at)}
              format={(value) => (value === null ? '0' : value.toLocaleString('en'))} empty="no requests" />
          </div>
        </section>

        <section aria-labelledby="routes-title" className="mt-8">
          <h2 id="routes-title" className="text-lg font-semibold">Routes, slowest first</h2>
          {routes.length === 0 ? <p className="mt-2 text-ink-500">No API requests in this range.</p> : (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full min-w-[44rem] text-left text-sm">
                <thead className="border-b border-slate-200 text-ink-500">
                  <tr>
                    {['Route', 'Requests', 'Per minute', 'Errors', 'p50', 'p95', 'p99', 'p95 budget'].map((heading, index) => (
                      <th key={heading} scope="col" className={`py-2 pr-3 font-medium ${index ? 'text-right' : ''}`}>{heading}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {routes.map((route) => (
                    <tr key={`${route.method} ${route.route}`} className="border-b border-slate-100">
                      <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal">{route.method} {route.route}</th>
                      <td className="py-2 pr-3 text-right tabular-nums">{route.count.toLocaleString('en')}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{route.perMinute}</td>
                      <td className={`py-2 pr-3 text-right tabular-nums ${route.errorRate > perfBudgets.api.errorRate ? 'text-red-700' : ''}`}>{formatRate(route.errorRate)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatMs(route.p50)}</td>
                      <td className={`py-2 pr-3 text-right tabular-nums ${(route.p95 ?? 0) > p95Budget(route) ? 'text-red-700' : 'text-emerald-700'}`}>{formatMs(route.p95)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{formatMs(route.p99)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums text-ink-500">{formatMs(p95Budget(route))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="slow-title" className="mt-8">
          <h2 id="slow-title" className="text-lg font-semibold">Slow queries</h2>
          <p className="text-sm text-ink-500">Queries over the slow-query budget, by statement shape (parameter values are never stored).</p>
          {slow.length === 0 ? <p className="mt-2 text-ink-500">No slow queries in this range.</p> : (
            <ol className="mt-3 space-y-2">
              {slow.map((query) => (
                <li key={query.statement} className="rounded-md border border-slate-200 p-3 text-sm">
                  <code className="block break-all text-xs text-ink-900">{query.statement}</code>
                  <span className="text-ink-700">{query.n}× · max {formatMs(query.maxMs)} · mean {formatMs(query.avgMs)}{query.route ? ` · last from ${query.route}` : ''}</span>
                </li>
              ))}
            </ol>
          )}
        </section>

        <section aria-labelledby="instance-title" className="mt-8 grid gap-4 lg:grid-cols-2">
          <div>
            <h2 id="instance-title" className="text-lg font-semibold">{shared ? 'Data cache (all instances)' : 'Data cache (this instance)'}</h2>
            <p className="text-sm text-ink-700">{shared ? `Reads of the shared cache in the last ${range}, counted by whole hours.` : 'No shared cache is configured: reads since this instance started.'}</p>
            {caches.length === 0 ? <p className="mt-2 text-ink-500">No cached reads yet.</p> : (
              <table className="mt-3 w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-ink-500">
                  <tr><th scope="col" className="py-2 font-medium">Namespace</th><th scope="col" className="py-2 text-right font-medium">Hits</th><th scope="col" className="py-2 text-right font-medium">Misses</th><th scope="col" className="py-2 text-right font-medium">Hit rate</th></tr>
                </thead>
                <tbody>
                  {caches.map(([namespace, counts]) => (
                    <tr key={namespace} className="border-b border-slate-100">
                      <th scope="row" className="py-2 font-mono text-xs font-normal">{namespace}</th>
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
              <dd className={`tabular-nums ${loop.p99Ms > perfBudgets.server.eventLoopDelayP99Ms.warning ? 'text-amber-700' : ''}`}>{loop.p99Ms} ms (mean {loop.meanMs} ms)</dd>
              <dt className="text-ink-500">Heap used</dt><dd className="tabular-nums">{Math.round(memory.heapUsed / 1048576)} MB</dd>
              <dt className="text-ink-500">Resident memory</dt>
              <dd className={`tabular-nums ${memory.rss / 1048576 > perfBudgets.server.rssMb ? 'text-red-700' : ''}`}>{Math.round(memory.rss / 1048576)} MB (budget {perfBudgets.server.rssMb} MB)</dd>
              <dt className="text-ink-500">CPU since start</dt><dd className="tabular-nums">{((cpu.user + cpu.system) / 1e6).toFixed(1)} s</dd>
              <dt className="text-ink-500">Up</dt><dd className="tabular-nums">{Math.round(process.uptime() / 60)} min</dd>
            </dl>
          </div>
        </section>

        <section id="alerts" aria-labelledby="alerts-title" className="mt-8">
          <h2 id="alerts-title" className="text-lg font-semibold">Alerts</h2>
          <p className="text-sm text-ink-500">
            Evaluated every minute over each rule&rsquo;s window. A rule fires after the set number of breaching windows in a row, and resolves on the first window within bounds.
            A window with fewer samples than the minimum changes nothing.
          </p>
          <form action={evaluateAlertsNow} className="mt-3 flex flex-wrap items-center gap-3">
            <input type="hidden" name="range" value={range} />
            <button type="submit" className="min-h-11 rounded-md border border-slate-300 px-3 text-sm font-medium text-ink-900 hover:bg-slate-50">Evaluate now</button>
            {first(params.evaluated) !== undefined ? (
              <span role="status" className="text-sm text-ink-700">Evaluated: {first(params.evaluated) === '0' ? 'no alert changed state' : `${first(params.evaluated)} changed state`}.</span>
            ) : null}
          </form>
          {first(params.error) ? <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">Not saved: {first(params.error)}.</p> : null}
          {first(params.saved) ? <p role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">Saved.</p> : null}
          <ul className="mt-3 space-y-3">
            {alerts.rules.map((rule) => (
              <li key={rule.id} className="rounded-lg border border-slate-200 p-3">
                <details open={first(params.rule) === rule.id}>
                  <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-3">
                    <span className="font-medium">{rule.name}</span>
                    <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[rule.state]}`}>{rule.state.toLowerCase()}</span>
                    <span className="text-sm text-ink-500">
                      warning ≥ {formatMetric(rule.metric, rule.warning)}, critical ≥ {formatMetric(rule.metric, rule.critical)} · {rule.consecutiveBreaches} × {rule.windowMinutes} min{rule.enabled ? '' : ' · disabled'}
                    </span>
                  </summary>
                  {viewer.role !== 'ADMIN' ? (
                    <p className="mt-3 text-sm text-ink-500">Webhook: {rule.webhookUrl ? 'set' : 'none'}. Only an admin can change alert rules.</p>
                  ) : (
                  <form action={updateAlertRule} className="mt-3 grid grid-cols-2 items-end gap-3 sm:grid-cols-4 lg:grid-cols-8">
                    <input type="hidden" name="id" value={rule.id} />
                    <input type="hidden" name="range" value={range} />
                    {([['warning', 'Warning', rule.warning], ['critical', 'Critical', rule.critical], ['minSamples', 'Min. samples', rule.minSamples],
                      ['consecutiveBreaches', 'Breaches in a row', rule.consecutiveBreaches], ['windowMinutes', 'Window (min)', rule.windowMinutes]] as const).map(([name, label, value]) => (
                      <label key={name} className="text-xs text-ink-700">{label}
                        <input name={name} type="number" step="any" min="0" required defaultValue={value} className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2 text-sm" />
                      </label>
                    ))}
                    <label className="col-span-2 text-xs text-ink-700">Webhook URL (optional)
                      <input name="webhookUrl" type="url" defaultValue={rule.webhookUrl ?? ''} className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2 text-sm" />
                    </label>
                    <label className="flex min-h-11 items-center gap-2 text-sm"><input name="enabled" type="checkbox" defaultChecked={rule.enabled} /> Enabled</label>
                    <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-3 text-sm font-medium text-white">Save {rule.name}</button>
                  </form>
                  )}
                </details>
              </li>
            ))}
          </ul>
          <h3 className="mt-6 font-medium">History</h3>
          {alerts.events.length === 0 ? <p className="mt-2 text-sm text-ink-500">No alert has changed state yet.</p> : (
            <ol className="mt-2 space-y-1 text-sm" aria-label="Alert history">
              {alerts.events.map((event) => (
                <li key={String(event.id)} className="flex flex-wrap gap-x-2">
                  <time dateTime={event.at.toISOString()} className="tabular-nums text-ink-500">{event.at.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
                  <span className="font-medium">{event.rule.name}</span>
                  <span>{event.fromState.toLowerCase()} → {event.toState.toLowerCase()}</span>
                  <span className="text-ink-500">{event.message}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </main>
    </>
  );
}
