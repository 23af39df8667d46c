import { TrendChart } from '@/components/reports/trend-chart';
import { perfBudgets, vitalNames } from '@/lib/platform/budgets';
import { webVitals, workflowMetrics } from '@/lib/vitals/beacon-schema';
import {
  getVitalsPage,
  isoDay,
  type SortDirection,
  type VitalsFilters as Filters,
  type VitalsQuery,
  type VitalsSort,
} from '@/lib/vitals/vitals-page';
import { OFFENDER_SAMPLE } from '@/lib/vitals/vitals-report';
import { FiguresTable } from './figures-table';
import { MetricCard } from './metric-card';
import { OffenderList } from './offender-list';
import { ReleaseComparison } from './release-comparison';
import { RouteTable } from './route-table';
import { VitalsFilters } from './vitals-filters';

/** The field report for a valid query: filters (with the routes and releases seen), then each section. */
export async function VitalsReport({
  query,
  sort,
  dir,
  filters,
}: {
  query: VitalsQuery;
  sort: VitalsSort;
  dir: SortDirection;
  filters: Filters;
}) {
  const report = await getVitalsPage(query, sort, dir);
  const { overall, current, previous } = report;
  return (
    <>
      <VitalsFilters
        values={{ ...filters, from: filters.from ?? isoDay(query.from), to: filters.to ?? isoDay(new Date(query.to.getTime() - 1)) }}
        routes={report.routeKeys}
        releases={report.releaseKeys}
      />

      <section aria-labelledby="vitals-title" className="mt-8">
        <h2 id="vitals-title" className="text-lg font-semibold">
          Core Web Vitals
        </h2>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          {webVitals.map((metric) => (
            <MetricCard key={metric} figures={overall.get(metric)!} />
          ))}
        </div>
      </section>

      <section aria-labelledby="workflow-title" className="mt-8">
        <h2 id="workflow-title" className="text-lg font-semibold">
          Workflow timings
        </h2>
        <p className="text-sm text-ink-500">
          Measured in the app: Save &amp; next to the next lead on screen, a keystroke to its search results painted, reconnecting to the
          outbox empty.
        </p>
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          {workflowMetrics.map((metric) => (
            <MetricCard key={metric} figures={overall.get(metric)!} budget />
          ))}
        </div>
      </section>

      <section aria-labelledby="devices-title" className="mt-8">
        <h2 id="devices-title" className="text-lg font-semibold">
          Mobile vs desktop
        </h2>
        <FiguresTable rows={report.devices} keyLabel="Device" />
      </section>

      <section aria-labelledby="routes-title" className="mt-8">
        <h2 id="routes-title" className="text-lg font-semibold">
          By route
        </h2>
        <RouteTable routes={report.routes} sort={sort} dir={dir} filters={filters} />
      </section>

      <section aria-labelledby="trend-title" className="mt-8">
        <h2 id="trend-title" className="text-lg font-semibold">
          Daily p75
        </h2>
        <p className="text-sm text-ink-500">
          UTC days. Dashed lines: green the &ldquo;good&rdquo; threshold, red &ldquo;poor&rdquo;. A gap is a day with fewer than{' '}
          {perfBudgets.field.minSamples} samples.
        </p>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {vitalNames.map((metric) => (
            <TrendChart
              key={metric}
              metric={metric}
              days={report.days}
              points={report.trend.map((day) => ({ day: day.day, p75: day.metrics.find((m) => m.metric === metric)?.p75 ?? null }))}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="release-title" className="mt-8">
        <h2 id="release-title" className="text-lg font-semibold">
          This release against the previous one
        </h2>
        {current && previous ? (
          <ReleaseComparison current={current} previous={previous} />
        ) : (
          <p className="mt-2 text-ink-500">
            {current ? `Only one release (${current.key}) has samples in this range.` : 'No samples in this range.'}
          </p>
        )}
      </section>

      <section aria-labelledby="offenders-title" className="mt-8 mb-12">
        <h2 id="offenders-title" className="text-lg font-semibold">
          Top offenders
        </h2>
        <p className="text-sm text-ink-500">
          The elements most often behind slow samples, from the latest {OFFENDER_SAMPLE.toLocaleString('en')} raw samples per metric (raw
          samples are kept for the retention period; the figures above come from the histograms).
        </p>
        <div className="mt-3 grid gap-4 lg:grid-cols-3">
          {(['LCP', 'INP', 'CLS'] as const).map((metric) => (
            <OffenderList key={metric} metric={metric} offenders={report.offenders.filter((offender) => offender.metric === metric)} />
          ))}
        </div>
      </section>
    </>
  );
}
