/**
 * The server side for the performance page: per route and method over a
 * range, the request count, throughput, 5xx error rate and p50 / p95 / p99
 * from the per-minute request histograms (merged across instances, exact to
 * one bucket); the p95 and throughput trend; the slowest statements kept by
 * the query timing; and the alert rules with their history.
 */
import 'server-only';
import { sql } from 'kysely';
import { db, reportDb } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
import { quantileFromBuckets } from '../platform/metrics/histogram';

export const RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type RangeName = keyof typeof RANGES;

/** Trend points per range: minutes for an hour, hours for a day, days beyond. */
const STEP: Record<RangeName, 'minute' | 'hour' | 'day'> = { '1h': 'minute', '24h': 'hour', '7d': 'day', '30d': 'day' };

export interface RouteFigures {
  route: string;
  method: string;
  count: number;
  perMinute: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

type Buckets = Map<number, number>;
const add = (buckets: Buckets, bucket: number, n: number) => buckets.set(bucket, (buckets.get(bucket) ?? 0) + n);
const ms = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export async function getServerPerformance(range: RangeName, now = new Date()) {
  const since = new Date(now.getTime() - RANGES[range]);
  const step = STEP[range];
  const inRange = reportDb().$kysely.selectFrom('request_histograms').where('minute', '>=', since).where('minute', '<', now);
  const [rows, trendRows] = await Promise.all([
    inRange
      .select((eb) => ['route', 'method', 'status_class', 'bucket', eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n')])
      .groupBy(['route', 'method', 'status_class', 'bucket'])
      .execute(),
    inRange
      .select((eb) => [
        sql<Date>`date_trunc(${step}, minute)`.as('at'),
        'status_class',
        'bucket',
        eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n'),
      ])
      .groupBy([sql`1`, 'status_class', 'bucket'])
      .execute(),
  ]);

  const minutes = RANGES[range] / 60_000;
  const byRoute = new Map<string, { route: string; method: string; buckets: Buckets; count: number; errors: number }>();
  for (const row of rows) {
    const key = `${row.method} ${row.route}`;
    const entry = byRoute.get(key) ?? { route: row.route, method: row.method, buckets: new Map(), count: 0, errors: 0 };
    byRoute.set(key, entry);
    const n = Number(row.n);
    add(entry.buckets, row.bucket, n);
    entry.count += n;
    if (row.status_class === '5xx') entry.errors += n;
  }
  const routes: RouteFigures[] = [...byRoute.values()].map((entry) => ({
    route: entry.route,
    method: entry.method,
    count: entry.count,
    perMinute: Math.round((entry.count / minutes) * 100) / 100,
    errorRate: entry.count ? entry.errors / entry.count : 0,
    p50: ms(quantileFromBuckets(entry.buckets, 0.5)),
    p95: ms(quantileFromBuckets(entry.buckets, 0.95)),
    p99: ms(quantileFromBuckets(entry.buckets, 0.99)),
  }));

  const byStep = new Map<number, { buckets: Buckets; count: number; errors: number }>();
  for (const row of trendRows) {
    const key = row.at.getTime();
    const entry = byStep.get(key) ?? { buckets: new Map(), count: 0, errors: 0 };
    byStep.set(key, entry);
    const n = Number(row.n);
    add(entry.buckets, row.bucket, n);
    entry.count += n;
    if (row.status_class === '5xx') entry.errors += n;
  }
  const stepMs = step === 'minute' ? 60_000 : step === 'hour' ? 3_600_000 : 86_400_000;
  const trend: { at: string; p95: number | null; count: number; errorRate: number }[] = [];
  for (let at = Math.floor(since.getTime() / stepMs) * stepMs; at < now.getTime(); at += stepMs) {
    const entry = byStep.get(at);
    trend.push({
      at: new Date(at).toISOString(),
      p95: entry ? ms(quantileFromBuckets(entry.buckets, 0.95)) : null,
      count: entry?.count ?? 0,
      errorRate: entry?.count ? entry.errors / entry.count : 0,
    });
  }

  const total = routes.reduce((sum, route) => sum + route.count, 0);
  const errors = [...byRoute.values()].reduce((sum, entry) => sum + entry.errors, 0);
  return { since, routes, trend, step, total, errorRate: total ? errors / total : 0 };
}

/** The slowest statements in the range, grouped by shape (values never stored). */
export async function getSlowQueries(since: Date, limit = 15) {
  const rows = await reportDb()
    .$kysely.selectFrom('slow_queries')
    .select((eb) => [
      'statement',
      'model',
      'action',
      sql<string | null>`(array_agg(route ORDER BY at DESC))[1]`.as('route'),
      sql<number>`count(*)::int`.as('n'),
      eb.fn.max('duration_ms').as('max_ms'),
      eb.fn.avg<number>('duration_ms').as('avg_ms'),
      eb.fn.max('at').as('last'),
    ])
    .where('at', '>=', since)
    .groupBy(['statement', 'model', 'action'])
    .orderBy((eb) => eb.fn.max('duration_ms'), 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, maxMs: Math.round(row.max_ms), avgMs: Math.round(row.avg_ms) }));
}

export async function getAlerts(eventLimit = 50) {
  const [rules, events] = await Promise.all([
    db.alertRule.findMany({ orderBy: [{ source: 'asc' }, { name: 'asc' }] }),
    db.alertEvent.findMany({ orderBy: { at: 'desc' }, take: eventLimit, include: { rule: { select: { name: true } } } }),
  ]);
  return { rules, events };
}

export type AlertRuleRow = Prisma.AlertRuleGetPayload<object>;
