/**
 * Field figures from the hourly vital histograms: per metric the sample
 * count, p50 / p75 / p95 (exact to one bucket: within √γ − 1 ≈ 2.47 %, see
 * lib/rum/histogram) and the good / needs-improvement / poor shares by the
 * budget file's thresholds (Google's for the Web Vitals). One aggregation
 * over the histograms, whatever the range. Fewer samples than the budget
 * file's minimum → no percentiles ("not enough data"), never a number.
 */
import 'server-only';
import { perfBudgets, rateVital, vitalNames, type VitalName } from '../budgets';
import { db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { bucketValue, quantileFromBuckets } from '../rum/histogram';

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

const round = (value: number | null, metric: VitalName) => (value === null ? null : metric === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value));

export async function getVitalsReport(query: VitalsReportQuery): Promise<MetricFigures[]> {
  const filters: Prisma.Sql[] = [Prisma.sql`hour >= date_trunc('hour', ${query.from}::timestamptz)`, Prisma.sql`hour < ${query.to}::timestamptz`];
  if (query.metric) filters.push(Prisma.sql`metric = ${query.metric}`);
  if (query.route) filters.push(Prisma.sql`route = ${query.route}`);
  if (query.device) filters.push(Prisma.sql`device = ${query.device}`);
  if (query.release) filters.push(Prisma.sql`release = ${query.release}`);
  const rows = await db.$queryRaw<{ metric: string; bucket: number; n: bigint }[]>`
    SELECT metric, bucket, sum(count)::bigint AS n FROM vital_histograms WHERE ${Prisma.join(filters, ' AND ')} GROUP BY metric, bucket`;

  const byMetric = new Map<string, [number, number][]>();
  for (const row of rows) byMetric.set(row.metric, [...(byMetric.get(row.metric) ?? []), [row.bucket, Number(row.n)]]);
  const minSamples = perfBudgets.field.minSamples;
  return (query.metric ? [query.metric] : vitalNames).map((metric) => {
    const buckets = byMetric.get(metric) ?? [];
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
  });
}
