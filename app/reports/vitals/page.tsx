import type { Metadata } from 'next';
import Link from 'next/link';
import { TrendChart } from '@/components/reports/trend-chart';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { perfBudgets, rateVital, vitalNames, type Rating, type VitalName } from '@/lib/platform/budgets';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getVitalsPageData, OFFENDER_SAMPLE, type MetricFigures, type Offender } from '@/lib/vitals/vitals-report';
import { formatShare, formatVital } from '@/lib/vitals/format';
import { RELATIVE_ERROR_BOUND } from '@/lib/platform/metrics/histogram';
import { VitalsReportParams } from '@/lib/vitals/vitals-report-schema';
import { webVitals, workflowMetrics } from '@/lib/vitals/beacon-schema';

export const metadata: Metadata = { title: 'Field performance' };

const DAY_MS = 86_400_000;
const RATING_TEXT: Record<Rating, string> = { good: 'text-emerald-700', 'needs-improvement': 'text-amber-700', poor: 'text-red-700' };
const RATING_LABEL: Record<Rating, string> = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };
const SORTS = ['route', 'views', ...vitalNames] as const;
type Sort = (typeof SORTS)[number];

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export default async function VitalsReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/reports/vitals');
  const raw = await searchParams;
  const params = Object.fromEntries(['from', 'to', 'route', 'device', 'release'].flatMap((key) => (first(raw[key]) ? [[key, first(raw[key])]] : [])));
  const parsed = VitalsReportParams.safeParse(params);
  const sort: Sort = (SORTS as readonly string[]).includes(first(raw.sort) ?? '') ? (first(raw.sort) as Sort) : 'views';
  const dir = first(raw.dir) === 'asc' ? 'asc' : 'desc';

  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <ManagerNav current="/reports/vitals" />
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">Field performance</h1>
        <p className="mt-1 max-w-3xl text-sm text-ink-700">
          How fast Callpace is on your team&rsquo;s own devices: Core Web Vitals and workflow timings sent by the app&rsquo;s pages.
          Figures are the 75th percentile unless marked, exact to within {(RELATIVE_ERROR_BOUND * 100).toFixed(1)} %; fewer than {perfBudgets.field.minSamples} samples
          show as &ldquo;not enough data&rdquo;. Figures may be up to a minute old.
        </p>
        {parsed.success ? (
          <Report query={parsed.data} sort={sort} dir={dir} raw={params} />
        ) : (
          <>
            <Filters values={params} routes={[]} releases={[]} />
            <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800">
              {parsed.error.issues.map((issue) => `${issue.path.join('.') || 'range'} ${issue.message}`).join('; ')}. Change the filters and apply again.
            </p>
          </>
        )}
      </main>
    </>
  );
}

async function Report({ query, sort, dir, raw }: { query: ReturnType<typeof VitalsReportParams.parse>; sort: Sort; dir: 'asc' | 'desc'; raw: Record<string, string | undefined> }) {
  const { breakdown, offenders } = await getVitalsPageData(query);
  const byMetric = (metrics: MetricFigures[]) => new Map(metrics.map((figures) => [figures.metric, figures]));
  const overall = byMetric(breakdown.overall);
  const days: string[] = [];
  for (let day = Date.parse(isoDay(query.from)); day < query.to.getTime(); day += DAY_MS) days.push(isoDay(new Date(day)));
  const [current, previous] = breakdown.byRelease;
  const routes = breakdown.byRoute.map((row) => ({ ...row, figures: byMetric(row.metrics) }));
  const value = (row: (typeof routes)[number]) =>
    sort === 'route' ? row.key : sort === 'views' ? (row.figures.get('TTFB')?.count ?? 0) : (row.figures.get(sort)?.p75 ?? null);
  routes.sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? a.key.localeCompare(b.key) : va === null ? 1 : -1; // "not enough data" last
    const order = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return dir === 'asc' ? order : -order;
  });
  const sortLink = (column: Sort) => {
    const next = new URLSearchParams(Object.entries(raw).filter((entry): entry is [string, string] => Boolean(entry[1])));
    next.set('sort', column);
    next.set('dir', sort === column && dir === 'desc' ? 'asc' : column === 'route' ? 'asc' : 'desc');
    return `/reports/vitals?${next}`;
  };
  const ariaSort = (column: Sort) => (sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : undefined);

  return (
    <>
      <Filters values={{ ...raw, from: raw.from ?? isoDay(query.from), to: raw.to ?? isoDay(new Date(query.to.getTime() - 1)) }}
        routes={breakdown.byRoute.map((row) => row.key)} releases={breakdown.byRelease.map((row) => row.key)} />

      <section aria-labelledby="vitals-title" className="mt-8">
        <h2 id="vitals-title" className="text-lg font-semibold">Core Web Vitals</h2>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          {webVitals.map((metric) => <MetricCard key={metric} figures={overall.get(metric)!} />)}
        </div>
      </section>

      <section aria-labelledby="workflow-title" className="mt-8">
        <h2 id="workflow-title" className="text-lg font-semibold">Workflow timings</h2>
        <p className="text-sm text-ink-500">Measured in the app: Save &amp; next to the next lead on screen, a keystroke to its search results painted, reconnecting to the outbox empty.</p>
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          {workflowMetrics.map((metric) => <MetricCard key={metric} figures={overall.get(metric)!} budget />)}
        </div>
      </section>

      <section aria-labelledby="devices-title" className="mt-8">
        <h2 id="devices-title" className="text-lg font-semibold">Mobile vs desktop</h2>
        <FiguresTable rows={breakdown.byDevice.map((row) => ({ key: row.key, figures: byMetric(row.metrics) }))} keyLabel="Device" />
      </section>

      <section aria-labelledby="routes-title" className="mt-8">
        <h2 id="routes-title" className="text-lg font-semibold">By route</h2>
        {routes.length === 0 ? <p className="mt-2 text-ink-500">No samples in this range.</p> : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="border-b border-slate-200 text-ink-500">
                <tr>
                  {(['route', 'views', ...vitalNames] as Sort[]).map((column) => (
                    <th key={column} scope="col" aria-sort={ariaSort(column)} className={`py-2 pr-3 font-medium ${column === 'route' ? '' : 'text-right'}`}>
                      <Link href={sortLink(column)} className="hover:text-ink-900" prefetch={false}>
                        {column === 'route' ? 'Route' : column === 'views' ? 'Page loads' : column}
                        {sort === column ? (dir === 'asc' ? ' ↑' : ' ↓') : ''}
                      </Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {routes.map((row) => (
                  <tr key={row.key} className="border-b border-slate-100">
                    <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal">{row.key}</th>
                    <td className="py-2 pr-3 text-right tabular-nums">{row.figures.get('TTFB')?.count ?? 0}</td>
                    {vitalNames.map((metric) => <FigureCell key={metric} figures={row.figures.get(metric)} />)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="trend-title" className="mt-8">
        <h2 id="trend-title" className="text-lg font-semibold">Daily p75</h2>
        <p className="text-sm text-ink-500">UTC days. Dashed lines: green the &ldquo;good&rdquo; threshold, red &ldquo;poor&rdquo;. A gap is a day with fewer than {perfBudgets.field.minSamples} samples.</p>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {vitalNames.map((metric) => (
            <TrendChart key={metric} metric={metric} days={days}
              points={breakdown.trend.map((day) => ({ day: day.day, p75: day.metrics.find((m) => m.metric === metric)?.p75 ?? null }))} />
          ))}
        </div>
      </section>

      <section aria-labelledby="release-title" className="mt-8">
        <h2 id="release-title" className="text-lg font-semibold">This release against the previous one</h2>
        {current && previous ? (
          <ReleaseComparison current={current} previous={previous} />
        ) : (
          <p className="mt-2 text-ink-500">{current ? `Only one release (${current.key}) has samples in this range.` : 'No samples in this range.'}</p>
        )}
      </section>

      <section aria-labelledby="offenders-title" className="mt-8 mb-12">
        <h2 id="offenders-title" className="text-lg font-semibold">Top offenders</h2>
        <p className="text-sm text-ink-500">
          The elements most often behind slow samples, from the latest {OFFENDER_SAMPLE.toLocaleString('en')} raw samples per metric
          (raw samples are kept for the retention period; the figures above come from the histograms).
        </p>
        <div className="mt-3 grid gap-4 lg:grid-cols-3">
          {(['LCP', 'INP', 'CLS'] as const).map((metric) => (
            <OffenderList key={metric} metric={metric} offenders={offenders.filter((offender) => offender.metric === metric)} />
          ))}
        </div>
      </section>
    </>
  );
}

function Filters({ values, routes, releases }: { values: Record<string, string | undefined>; routes: string[]; releases: string[] }) {
  const field = 'mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2 text-sm';
  const withCurrent = (options: string[], current?: string) => (current && !options.includes(current) ? [current, ...options] : options);
  return (
    <form method="get" action="/reports/vitals" className="mt-5 grid grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Report filters">
      <label className="text-sm text-ink-700">From<input type="date" name="from" defaultValue={values.from} className={field} /></label>
      <label className="text-sm text-ink-700">To<input type="date" name="to" defaultValue={values.to} className={field} /></label>
      <label className="text-sm text-ink-700">Route
        <select name="route" defaultValue={values.route ?? ''} className={field}>
          <option value="">All routes</option>
          {withCurrent(routes, values.route).map((route) => <option key={route} value={route}>{route}</option>)}
        </select>
      </label>
      <label className="text-sm text-ink-700">Device
        <select name="device" defaultValue={values.device ?? ''} className={field}>
          <option value="">All devices</option>
          <option value="mobile">Mobile</option>
          <option value="tablet">Tablet</option>
          <option value="desktop">Desktop</option>
        </select>
      </label>
      <label className="text-sm text-ink-700">Release
        <select name="release" defaultValue={values.release ?? ''} className={field}>
          <option value="">All releases</option>
          {withCurrent(releases, values.release).map((release) => <option key={release} value={release}>{release}</option>)}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">Apply</button>
    </form>
  );
}

function MetricCard({ figures, budget = false }: { figures: MetricFigures; budget?: boolean }) {
  const { metric } = figures;
  const { good, poor } = perfBudgets.vitals[metric];
  const rating = figures.p75 === null ? null : rateVital(metric, figures.p75);
  return (
    <article className="rounded-lg border border-slate-200 p-4" aria-label={`${metric} field figures`}>
      <h3 className="text-sm font-medium text-ink-700">{metric}</h3>
      {figures.enoughData ? (
        <>
          <p className={`mt-1 text-2xl font-semibold tabular-nums ${rating ? RATING_TEXT[rating] : ''}`}>
            {formatVital(metric, figures.p75)}
            <span className="sr-only"> at p75, {rating ? RATING_LABEL[rating] : ''}</span>
          </p>
          <ShareBar figures={figures} />
        </>
      ) : (
        <p className="mt-1 text-lg font-medium text-ink-500">Not enough data</p>
      )}
      <p className="mt-2 text-xs text-ink-500">
        {figures.count.toLocaleString('en')} samples{figures.enoughData ? ` · p50 ${formatVital(metric, figures.p50)} · p95 ${formatVital(metric, figures.p95)}` : ` (${perfBudgets.field.minSamples} needed)`}
      </p>
      <p className="text-xs text-ink-500">{budget ? 'Budget' : 'Good'} ≤ {formatVital(metric, good)} · poor &gt; {formatVital(metric, poor)}</p>
    </article>
  );
}

function ShareBar({ figures }: { figures: MetricFigures }) {
  const parts = [
    { label: 'Good', share: figures.good ?? 0, className: 'bg-emerald-500' },
    { label: 'Needs improvement', share: figures.needsImprovement ?? 0, className: 'bg-amber-400' },
    { label: 'Poor', share: figures.poor ?? 0, className: 'bg-red-500' },
  ];
  return (
    <>
      <div className="mt-2 flex h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {parts.map((part) => <div key={part.label} className={part.className} style={{ width: `${part.share * 100}%` }} />)}
      </div>
      <p className="mt-1 text-xs text-ink-700">{parts.map((part) => `${part.label} ${formatShare(part.share)}`).join(' · ')}</p>
    </>
  );
}

function FigureCell({ figures }: { figures?: MetricFigures }) {
  if (!figures || !figures.enoughData) {
    return <td className="py-2 pr-3 text-right text-xs text-ink-500">{figures?.count ? `not enough data (${figures.count})` : '–'}</td>;
  }
  const rating = rateVital(figures.metric, figures.p75!);
  return <td className={`py-2 pr-3 text-right tabular-nums ${RATING_TEXT[rating]}`}>{formatVital(figures.metric, figures.p75)}</td>;
}

function FiguresTable({ rows, keyLabel }: { rows: { key: string; figures: Map<VitalName, MetricFigures> }[]; keyLabel: string }) {
  if (rows.length === 0) return <p className="mt-2 text-ink-500">No samples in this range.</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-ink-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">{keyLabel}</th>
            {vitalNames.map((metric) => <th key={metric} scope="col" className="py-2 pr-3 text-right font-medium">{metric}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal capitalize">{row.key}</th>
              {vitalNames.map((metric) => <FigureCell key={metric} figures={row.figures.get(metric)} />)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReleaseComparison({ current, previous }: { current: { key: string; firstDay: string; metrics: MetricFigures[] }; previous: { key: string; firstDay: string; metrics: MetricFigures[] } }) {
  const before = new Map(previous.metrics.map((figures) => [figures.metric, figures]));
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-ink-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Metric</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">This release <span className="font-mono text-xs">{current.key}</span> (from {current.firstDay})</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Previous <span className="font-mono text-xs">{previous.key}</span></th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Change</th>
          </tr>
        </thead>
        <tbody>
          {current.metrics.map((now) => {
            const then = before.get(now.metric);
            const change = now.p75 !== null && then?.p75 ? (now.p75 - then.p75) / then.p75 : null;
            // Within one bucket's error either way is no change.
            const direction = change === null ? '' : Math.abs(change) <= 2 * RELATIVE_ERROR_BOUND ? 'no change' : change < 0 ? 'better' : 'worse';
            return (
              <tr key={now.metric} className="border-b border-slate-100">
                <th scope="row" className="py-2 pr-3 font-normal">{now.metric}</th>
                <FigureCell figures={now} />
                <FigureCell figures={then} />
                <td className={`py-2 pr-3 text-right tabular-nums ${direction === 'worse' ? 'text-red-700' : direction === 'better' ? 'text-emerald-700' : 'text-ink-500'}`}>
                  {change === null ? '–' : `${change > 0 ? '+' : ''}${Math.round(change * 100)} % ${direction}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const PART_LABELS: Record<string, string> = {
  timeToFirstByte: 'TTFB', resourceLoadDelay: 'load delay', resourceLoadDuration: 'load', elementRenderDelay: 'render delay',
  inputDelay: 'input delay', processingDuration: 'processing', presentationDelay: 'presentation',
};

function OffenderList({ metric, offenders }: { metric: 'LCP' | 'INP' | 'CLS'; offenders: Offender[] }) {
  const title = { LCP: 'LCP element', INP: 'INP target and phases', CLS: 'CLS shift source' }[metric];
  return (
    <article className="rounded-lg border border-slate-200 p-4" aria-label={title}>
      <h3 className="text-sm font-medium text-ink-700">{title}</h3>
      {offenders.length === 0 ? <p className="mt-2 text-sm text-ink-500">No attributed samples in this range.</p> : (
        <ol className="mt-2 space-y-3">
          {offenders.map((offender) => (
            <li key={offender.target} className="text-sm">
              <code className="block break-all rounded bg-slate-50 px-1 text-xs text-ink-900">{offender.target}</code>
              <span className="text-ink-700">
                {offender.slow} of {offender.count} slower than good · p75 {formatVital(metric, offender.p75)}
              </span>
              {Object.keys(offender.parts).length ? (
                <span className="block text-xs text-ink-500">
                  mean {Object.entries(offender.parts).map(([part, ms]) => `${PART_LABELS[part] ?? part} ${Math.round(ms)} ms`).join(' · ')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
