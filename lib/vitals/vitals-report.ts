/**
 * Field figures from the vital histograms: per metric the sample count,
 * p50 / p75 / p95 (exact to one bucket: within √γ − 1 ≈ 2.47 %, see
 * lib/platform/metrics/histogram) and the good / needs-improvement / poor shares by the
 * budget file's thresholds (Google's for the Web Vitals). Whole UTC days of
 * the range are read from the daily rollup and the partial days at its ends
 * from the hourly rows, so a 28-day report reads 28 rows per series, not 672.
 * Fewer samples than the budget file's minimum → no percentiles ("not enough
 * data"), never a number.
 *
 * The attribution offenders come from the raw samples (kept
 * VITALS_RAW_RETENTION_DAYS), from the latest OFFENDER_SAMPLE samples per
 * metric in the range.
 */
import 'server-only';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { perfBudgets, rateVital, vitalNames, type VitalName } from '../platform/budgets';
import { cached, cacheTags } from '../platform/cache';
import { reportDb } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';
import { bucketValue, quantileFromBuckets } from '../platform/metrics/histogram';

export interface VitalsReportQuery {
  from: Date;
  to: Date;
  metric?: VitalName;
  route?: string;
  device?: string;
  release?: string;
}

export interface MetricFigures {
  metric: VitalName;
  count: number;
  enoughData: boolean;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  good: number | null;
  needsImprovement: number | null;
  poor: number | null;
}

type Buckets = [bucket: number, count: number][];

const DAY_MS = 86_400_000;
const round = (value: number | null, metric: VitalName) =>
  value === null ? null : metric === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value);

/** The figures of one metric from its merged buckets. */
export function figuresFrom(metric: VitalName, buckets: Buckets, minSamples = perfBudgets.field.minSamples): MetricFigures {
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  const enoughData = count >= minSamples;
  const shares = { good: 0, 'needs-improvement': 0, poor: 0 };
  for (const [bucket, n] of buckets) shares[rateVital(metric, bucketValue(bucket))] += n;
  const share = (n: number) => (enoughData ? Math.round((n / count) * 1000) / 1000 : null);
  const quantile = (q: number) => (enoughData ? round(quantileFromBuckets(buckets, q), metric) : null);
  return {
    metric,
    count,
    enoughData,
    p50: quantile(0.5),
    p75: quantile(0.75),
    p95: quantile(0.95),
    good: share(shares.good),
    needsImprovement: share(shares['needs-improvement']),
    poor: share(shares.poor),
  };
}

/** The report's filters on the dimensions every histogram table and the raw samples share, or null for none. */
type Dimensions = Pick<DB['vital_histograms'], 'metric' | 'route' | 'device' | 'release'>;
function dimensionFilter(query: Partial<Dimensions>) {
  const wanted = (['metric', 'route', 'device', 'release'] as const).filter((column) => query[column]);
  if (wanted.length === 0) return null;
  return (eb: ExpressionBuilder<DB & { h: Dimensions }, 'h'>) => eb.and(wanted.map((column) => eb(`h.${column}`, '=', query[column]!)));
}

/**
 * The histogram rows of a range as (day, metric, route, device, release, bucket, count): the daily rollup for
 * the whole UTC days inside it, the hourly rows for the hours before the first and after the last.
 */
function histogramSource(k: Kysely<DB>, query: VitalsReportQuery) {
  const filter = dimensionFilter(query);
  const from = new Date(Math.floor(query.from.getTime() / 3_600_000) * 3_600_000);
  const to = query.to;
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const endDay = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  const hourly = (start: Date, end: Date) =>
    k
      .selectFrom('vital_histograms as h')
      .select([
        sql<Date>`(h.hour AT TIME ZONE 'UTC')::date`.as('day'),
        'h.metric',
        'h.route',
        'h.device',
        'h.release',
        'h.bucket',
        'h.count',
      ])
      .where('h.hour', '>=', start)
      .where('h.hour', '<', end)
      .$if(!!filter, (qb) => qb.where(filter!));
  if (firstDay >= endDay) return hourly(from, to);
  const isoDay = (date: Date) => sql<Date>`${date.toISOString().slice(0, 10)}::date`;
  // Only the legs that hold hours: a range of whole days (the report page's) reads the daily rows alone.
  let source = k
    .selectFrom('vital_histograms_daily as h')
    .select(['h.day', 'h.metric', 'h.route', 'h.device', 'h.release', 'h.bucket', 'h.count'])
    .where('h.day', '>=', isoDay(firstDay))
    .where('h.day', '<', isoDay(endDay))
    .$if(!!filter, (qb) => qb.where(filter!));
  if (from < firstDay) source = source.unionAll(hourly(from, firstDay));
  if (endDay < to) source = source.unionAll(hourly(endDay, to));
  return source;
}

function metricsOf(query: VitalsReportQuery): VitalName[] {
  return query.metric ? [query.metric] : vitalNames;
}

export async function getVitalsReport(query: VitalsReportQuery): Promise<MetricFigures[]> {
  const k = reportDb().$kysely;
  const rows = await k
    .selectFrom(histogramSource(k, query).as('src'))
    .select((eb) => ['metric', 'bucket', eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n')])
    .groupBy(['metric', 'bucket'])
    .execute();
  const byMetric = new Map<string, Buckets>();
  for (const row of rows) {
    const buckets = byMetric.get(row.metric) ?? [];
    byMetric.set(row.metric, buckets);
    buckets.push([row.bucket, Number(row.n)]);
  }
  return metricsOf(query).map((metric) => figuresFrom(metric, byMetric.get(metric) ?? []));
}

export interface VitalsBreakdown {
  overall: MetricFigures[];
  /** Per route, per device class, per release (newest first, by the first day it was seen in the range). */
  byRoute: { key: string; metrics: MetricFigures[] }[];
  byDevice: { key: string; metrics: MetricFigures[] }[];
  byRelease: { key: string; firstDay: string; metrics: MetricFigures[] }[];
  /** Per UTC day: p75 (null below the minimum) and count, per metric. */
  trend: { day: string; metrics: { metric: VitalName; p75: number | null; count: number }[] }[];
}

type Dimension = 'all' | 'route' | 'device' | 'release' | 'day';

/** Everything the report page shows from the histograms, in one pass over them (GROUPING SETS). */
export async function getVitalsBreakdown(query: VitalsReportQuery): Promise<VitalsBreakdown> {
  // Five groupings of up to ~200k daily rows (28 days at 10M samples): with the default 4 MB of work memory
  // PostgreSQL sorts them on disk (~460 ms); with 64 MB it hashes them in memory (~240 ms).
  const rows = await reportDb().$transaction(async (tx) => {
    await sql`SET LOCAL work_mem = '64MB'`.execute(tx.$kysely);
    return tx.$kysely
      .selectFrom(histogramSource(tx.$kysely, query).as('src'))
      .select((eb) => [
        sql<Dimension>`CASE WHEN GROUPING(route) = 0 THEN 'route' WHEN GROUPING(device) = 0 THEN 'device'
                            WHEN GROUPING(release) = 0 THEN 'release' WHEN GROUPING(day) = 0 THEN 'day' ELSE 'all' END`.as('dim'),
        sql<string | null>`coalesce(route, device, release, to_char(day, 'YYYY-MM-DD'))`.as('key'),
        'metric',
        'bucket',
        eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n'),
        eb.fn.min('day').as('first_day'),
      ])
      .groupBy(
        sql`GROUPING SETS ((metric, bucket), (route, metric, bucket), (device, metric, bucket), (release, metric, bucket), (day, metric, bucket))`,
      )
      .execute();
  });

  const groups = new Map<Dimension, Map<string, { firstDay: number; buckets: Map<string, Buckets> }>>();
  for (const row of rows) {
    const byKey = groups.get(row.dim) ?? new Map();
    groups.set(row.dim, byKey);
    const key = row.key ?? '';
    const group = byKey.get(key) ?? { firstDay: Infinity, buckets: new Map<string, Buckets>() };
    byKey.set(key, group);
    group.firstDay = Math.min(group.firstDay, row.first_day.getTime());
    const buckets = group.buckets.get(row.metric) ?? [];
    group.buckets.set(row.metric, buckets);
    buckets.push([row.bucket, Number(row.n)]);
  }
  const metrics = metricsOf(query);
  const figures = (buckets: Map<string, Buckets> | undefined) => metrics.map((metric) => figuresFrom(metric, buckets?.get(metric) ?? []));
  const list = (dim: Dimension) => [...(groups.get(dim) ?? new Map()).entries()];

  return {
    overall: figures(groups.get('all')?.get('')?.buckets),
    byRoute: list('route')
      .map(([key, group]) => ({ key, metrics: figures(group.buckets) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    byDevice: list('device')
      .map(([key, group]) => ({ key, metrics: figures(group.buckets) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    byRelease: list('release')
      .sort((a, b) => b[1].firstDay - a[1].firstDay || a[0].localeCompare(b[0]))
      .map(([key, group]) => ({ key, firstDay: new Date(group.firstDay).toISOString().slice(0, 10), metrics: figures(group.buckets) })),
    trend: list('day')
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([day, group]) => ({
        day,
        metrics: figures(group.buckets).map(({ metric, p75, count }) => ({ metric, p75, count })),
      })),
  };
}

/** Raw samples read per metric for the offenders: the latest in the range. */
export const OFFENDER_SAMPLE = 20_000;
const OFFENDERS_PER_METRIC = 5;

/** The attribution field that names the culprit, and the timing parts averaged beside it. */
const ATTRIBUTION = {
  LCP: { target: 'target', parts: ['timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay'] },
  INP: { target: 'interactionTarget', parts: ['inputDelay', 'processingDuration', 'presentationDelay'] },
  CLS: { target: 'largestShiftTarget', parts: [] },
} as const satisfies Partial<Record<VitalName, { target: string; parts: readonly string[] }>>;
export type OffenderMetric = keyof typeof ATTRIBUTION;
export const offenderMetrics = Object.keys(ATTRIBUTION) as OffenderMetric[];

export interface Offender {
  metric: OffenderMetric;
  /** A CSS selector (the reporter and the server strip everything else). */
  target: string;
  /** Samples naming this target, and how many of them were slower than "good". */
  count: number;
  slow: number;
  p75: number;
  /** Mean of each timing part over those samples (INP: input delay, processing, presentation). */
  parts: Record<string, number>;
}

/** The elements most often behind slow LCP, INP and CLS in the range. */
export async function getVitalsOffenders(query: VitalsReportQuery): Promise<Offender[]> {
  const metrics = offenderMetrics.filter((metric) => !query.metric || query.metric === metric);
  if (metrics.length === 0) return [];
  const k = reportDb().$kysely;
  const filter = dimensionFilter({ route: query.route, device: query.device, release: query.release });

  const perMetric = metrics.map((metric) => {
    const { target, parts } = ATTRIBUTION[metric];
    const partsJson = parts.length
      ? sql<
          Record<string, number | string | null>
        >`jsonb_build_object(${sql.join(parts.map((part) => sql`${part}::text, round(avg((attribution->>${part})::float8)::numeric, 1)`))})`
      : sql<Record<string, number | string | null>>`'{}'::jsonb`;
    const latest = k
      .selectFrom('vital_samples as h')
      .select(['h.value', 'h.attribution', sql<string | null>`h.attribution->>${target}`.as('target')])
      .where('h.metric', '=', metric)
      .where('h.at', '>=', query.from)
      .where('h.at', '<', query.to)
      .$if(!!filter, (qb) => qb.where(filter!))
      .orderBy('h.at', 'desc')
      .limit(OFFENDER_SAMPLE);
    const offenders = k
      .selectFrom(latest.as('latest'))
      .select([
        sql<OffenderMetric>`${metric}::text`.as('metric'),
        'target',
        sql<number>`count(*)::int`.as('count'),
        sql<number>`count(*) FILTER (WHERE value > ${perfBudgets.vitals[metric].good})::int`.as('slow'),
        sql<number>`percentile_cont(0.75) WITHIN GROUP (ORDER BY value)`.as('p75'),
        partsJson.as('parts'),
      ])
      .where('target', 'is not', null)
      .where('target', '<>', '')
      .$narrowType<{ target: string }>()
      .groupBy('target')
      .orderBy('slow', 'desc')
      .orderBy('count', 'desc')
      .orderBy('target')
      .limit(OFFENDERS_PER_METRIC);
    // Wrapped, so each metric's ORDER BY and LIMIT stay its own in the UNION ALL.
    return k.selectFrom(offenders.as('m')).selectAll();
  });
  const rows = await perMetric.reduce((all, next) => all.unionAll(next)).execute();
  return rows.map((row) => ({
    metric: row.metric,
    target: row.target,
    count: row.count,
    slow: row.slow,
    p75: round(row.p75, row.metric)!,
    parts: Object.fromEntries(Object.entries(row.parts).flatMap(([part, value]) => (value === null ? [] : [[part, Number(value)]]))),
  }));
}

/**
 * The report page's figures, cached for a minute: field data moves slowly, and sorting the table or
 * coming back to the page must not run the aggregation again.
 */
export const getVitalsPageData = cached(
  'vitals-page',
  async (query: VitalsReportQuery) => {
    const [breakdown, offenders] = await Promise.all([getVitalsBreakdown(query), getVitalsOffenders(query)]);
    return { breakdown, offenders };
  },
  { tags: () => [cacheTags.vitals], revalidate: 60 },
);
