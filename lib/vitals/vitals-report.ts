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
import { perfBudgets, rateVital, vitalNames, type VitalName } from '../platform/budgets';
import { cached, cacheTags } from '../platform/cache';
import { reportDb } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
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
const round = (value: number | null, metric: VitalName) => (value === null ? null : metric === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value));

/** The figures of one metric from its merged buckets. */
export function figuresFrom(metric: VitalName, buckets: Buckets, minSamples = perfBudgets.field.minSamples): MetricFigures {
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  const enoughData = count >= minSamples;
  const shares = { good: 0, 'needs-improvement': 0, poor: 0 };
  for (const [bucket, n] of buckets) shares[rateVital(metric, bucketValue(bucket))] += n;
  const share = (n: number) => (enoughData ? Math.round((n / count) * 1000) / 1000 : null);
  const quantile = (q: number) => (enoughData ? round(quantileFromBuckets(buckets, q), metric) : null);
  return {
    metric, count, enoughData,
    p50: quantile(0.5), p75: quantile(0.75), p95: quantile(0.95),
    good: share(shares.good), needsImprovement: share(shares['needs-improvement']), poor: share(shares.poor),
  };
}

/**
 * The histogram rows of a range as (day, metric, route, device, release, bucket, count): the daily rollup for
 * the whole UTC days inside it, the hourly rows for the hours before the first and after the last.
 */
function histogramSource(query: VitalsReportQuery): Prisma.Sql {
  const filters: Prisma.Sql[] = [];
  if (query.metric) filters.push(Prisma.sql`metric = ${query.metric}`);
  if (query.route) filters.push(Prisma.sql`route = ${query.route}`);
  if (query.device) filters.push(Prisma.sql`device = ${query.device}`);
  if (query.release) filters.push(Prisma.sql`release = ${query.release}`);
  const and = filters.length ? Prisma.sql` AND ${Prisma.join(filters, ' AND ')}` : Prisma.empty;

  const from = new Date(Math.floor(query.from.getTime() / 3_600_000) * 3_600_000);
  const to = query.to;
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const endDay = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  const hourly = (start: Date, end: Date) => Prisma.sql`
    SELECT (hour AT TIME ZONE 'UTC')::date AS day, metric, route, device, release, bucket, count
      FROM vital_histograms WHERE hour >= ${start}::timestamptz AND hour < ${end}::timestamptz${and}`;
  if (firstDay >= endDay) return hourly(from, to);
  const isoDay = (date: Date) => date.toISOString().slice(0, 10);
  // Only the legs that hold hours: a range of whole days (the report page's) reads the daily rows alone.
  const legs = [Prisma.sql`
    SELECT day, metric, route, device, release, bucket, count
      FROM vital_histograms_daily WHERE day >= ${isoDay(firstDay)}::date AND day < ${isoDay(endDay)}::date${and}`];
  if (from < firstDay) legs.push(hourly(from, firstDay));
  if (endDay < to) legs.push(hourly(endDay, to));
  return Prisma.join(legs, ' UNION ALL ');
}

function metricsOf(query: VitalsReportQuery): VitalName[] {
  return query.metric ? [query.metric] : vitalNames;
}

export async function getVitalsReport(query: VitalsReportQuery): Promise<MetricFigures[]> {
  const rows = await reportDb().$queryRaw<{ metric: string; bucket: number; n: bigint }[]>`
    SELECT metric, bucket, sum(count)::bigint AS n FROM (${histogramSource(query)}) src GROUP BY metric, bucket`;
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
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
    return tx.$queryRaw<{ dim: Dimension; key: string | null; metric: string; bucket: number; n: bigint; first_day: Date }[]>`
    SELECT CASE WHEN GROUPING(route) = 0 THEN 'route' WHEN GROUPING(device) = 0 THEN 'device'
                WHEN GROUPING(release) = 0 THEN 'release' WHEN GROUPING(day) = 0 THEN 'day' ELSE 'all' END AS dim,
           coalesce(route, device, release, to_char(day, 'YYYY-MM-DD')) AS key,
           metric, bucket, sum(count)::bigint AS n, min(day) AS first_day
      FROM (${histogramSource(query)}) src
     GROUP BY GROUPING SETS ((metric, bucket), (route, metric, bucket), (device, metric, bucket), (release, metric, bucket), (day, metric, bucket))`;
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
    byRoute: list('route').map(([key, group]) => ({ key, metrics: figures(group.buckets) })).sort((a, b) => a.key.localeCompare(b.key)),
    byDevice: list('device').map(([key, group]) => ({ key, metrics: figures(group.buckets) })).sort((a, b) => a.key.localeCompare(b.key)),
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
  const filters: Prisma.Sql[] = [Prisma.sql`at >= ${query.from}::timestamptz`, Prisma.sql`at < ${query.to}::timestamptz`];
  if (query.route) filters.push(Prisma.sql`route = ${query.route}`);
  if (query.device) filters.push(Prisma.sql`device = ${query.device}`);
  if (query.release) filters.push(Prisma.sql`release = ${query.release}`);
  const where = Prisma.join(filters, ' AND ');

  const perMetric = metrics.map((metric) => {
    const { target, parts } = ATTRIBUTION[metric];
    const partsJson = parts.length
      ? Prisma.sql`jsonb_build_object(${Prisma.join(parts.map((part) => Prisma.sql`${part}::text, round(avg((attribution->>${part})::float8)::numeric, 1)`))})`
      : Prisma.sql`'{}'::jsonb`;
    return Prisma.sql`
      SELECT * FROM (
        SELECT ${metric}::text AS metric, target, count(*)::int AS count,
               count(*) FILTER (WHERE value > ${perfBudgets.vitals[metric].good})::int AS slow,
               percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS p75,
               ${partsJson} AS parts
          FROM (SELECT value, attribution, attribution->>${target} AS target
                  FROM vital_samples WHERE metric = ${metric} AND ${where}
                 ORDER BY at DESC LIMIT ${OFFENDER_SAMPLE}) latest
         WHERE target IS NOT NULL AND target <> ''
         GROUP BY target
         ORDER BY slow DESC, count DESC, target
         LIMIT ${OFFENDERS_PER_METRIC}) m`;
  });
  const rows = await reportDb().$queryRaw<{ metric: OffenderMetric; target: string; count: number; slow: number; p75: number; parts: Record<string, number | string | null> }[]>`
    ${Prisma.join(perMetric, ' UNION ALL ')}`;
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
