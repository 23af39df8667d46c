/**
 * Persists accepted beacons off the response path: samples wait in memory
 * and are written in batches (every FLUSH_MS, or at once when MAX_BATCH are
 * waiting, lib/platform/runtime/buffered-writer), each batch in one
 * transaction of three set-wise statements: the raw samples, and the hourly
 * and daily (UTC) histograms (fixed log-spaced buckets, lib/platform/metrics/histogram)
 * added to with an upsert, so several instances merge into the same rows.
 * Raw samples are pruned by the nightly retention job (lib/jobs/retention);
 * the histograms keep the figures. A batch the database refuses is split
 * until the refused samples are alone, and those are dropped and counted; an
 * unreachable database is retried a bounded number of times (up to
 * MAX_PENDING samples in memory); on SIGTERM/SIGINT the buffer is flushed
 * before Next exits (lib/platform/runtime/shutdown).
 */
import 'server-only';
import { sql } from 'kysely';
import { db } from '../platform/db/client';
import { BufferedWriter, sharedWriter } from '../platform/runtime/buffered-writer';
import { bucketOf } from '../platform/metrics/histogram';

export interface VitalRow {
  sampleId: string;
  metric: string;
  value: number;
  rating: string | null;
  route: string;
  device: string;
  connection: string | null;
  release: string;
  navigationType: string | null;
  attribution: Record<string, string | number> | null;
  replayed: boolean;
  at: Date;
}

const FLUSH_MS = 2_000;
const MAX_BATCH = 2_000;
const MAX_PENDING = 50_000;

interface HistogramRow {
  period: Date;
  metric: string;
  route: string;
  device: string;
  release: string;
  bucket: number;
  count: number;
  sum: number;
}

function histogramRows(rows: VitalRow[], periodMs: number): HistogramRow[] {
  const histograms = new Map<string, HistogramRow>();
  for (const row of rows) {
    const period = new Date(Math.floor(row.at.getTime() / periodMs) * periodMs);
    const bucket = bucketOf(row.value);
    const key = `${period.getTime()}|${row.metric}|${row.route}|${row.device}|${row.release}|${bucket}`;
    const entry = histograms.get(key);
    if (entry) {
      entry.count += 1;
      entry.sum += row.value;
    } else {
      histograms.set(key, {
        period,
        metric: row.metric,
        route: row.route,
        device: row.device,
        release: row.release,
        bucket,
        count: 1,
        sum: row.value,
      });
    }
  }
  // Primary-key order: instances flushing at the same moment lock rows in the same order and cannot deadlock.
  return [...histograms.values()].sort(
    (a, b) =>
      a.period.getTime() - b.period.getTime() ||
      a.metric.localeCompare(b.metric) ||
      a.route.localeCompare(b.route) ||
      a.device.localeCompare(b.device) ||
      a.release.localeCompare(b.release) ||
      a.bucket - b.bucket,
  );
}

export async function persistVitals(rows: VitalRow[]): Promise<void> {
  if (rows.length === 0) return;
  const h = histogramRows(rows, 3_600_000);
  const d = histogramRows(rows, 86_400_000);
  await db.$transaction(async (tx) => {
    await tx.$kysely
      .insertInto('vital_samples')
      .columns([
        'sample_id',
        'metric',
        'value',
        'rating',
        'route',
        'device',
        'connection',
        'release',
        'navigation_type',
        'attribution',
        'replayed',
        'at',
      ])
      .expression(
        sql`SELECT s.id, s.metric, s.value, s.rating, s.route, s.device, s.connection, s.release, s.nav, s.attribution::jsonb, s.replayed, s.at
              FROM unnest(${rows.map((r) => r.sampleId)}::text[], ${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.value)}::float8[],
                          ${rows.map((r) => r.rating)}::text[], ${rows.map((r) => r.route)}::text[], ${rows.map((r) => r.device)}::text[],
                          ${rows.map((r) => r.connection)}::text[], ${rows.map((r) => r.release)}::text[], ${rows.map((r) => r.navigationType)}::text[],
                          ${rows.map((r) => (r.attribution ? JSON.stringify(r.attribution) : null))}::text[], ${rows.map((r) => r.replayed)}::bool[],
                          ${rows.map((r) => r.at)}::timestamptz[])
                AS s(id, metric, value, rating, route, device, connection, release, nav, attribution, replayed, at)`,
      )
      .execute();
    await tx.$kysely
      .insertInto('vital_histograms')
      .columns(['hour', 'metric', 'route', 'device', 'release', 'bucket', 'count', 'sum'])
      .expression(
        sql`SELECT * FROM unnest(${h.map((x) => x.period)}::timestamptz[], ${h.map((x) => x.metric)}::text[], ${h.map((x) => x.route)}::text[],
                                 ${h.map((x) => x.device)}::text[], ${h.map((x) => x.release)}::text[], ${h.map((x) => x.bucket)}::int2[],
                                 ${h.map((x) => x.count)}::int8[], ${h.map((x) => x.sum)}::float8[])`,
      )
      .onConflict((oc) =>
        oc.columns(['hour', 'metric', 'route', 'device', 'release', 'bucket']).doUpdateSet({
          count: sql`vital_histograms.count + excluded.count`,
          sum: sql`vital_histograms.sum + excluded.sum`,
        }),
      )
      .execute();
    await tx.$kysely
      .insertInto('vital_histograms_daily')
      .columns(['day', 'metric', 'route', 'device', 'release', 'bucket', 'count', 'sum'])
      .expression(
        sql`SELECT * FROM unnest(${d.map((x) => x.period.toISOString().slice(0, 10))}::date[], ${d.map((x) => x.metric)}::text[], ${d.map((x) => x.route)}::text[],
                                 ${d.map((x) => x.device)}::text[], ${d.map((x) => x.release)}::text[], ${d.map((x) => x.bucket)}::int2[],
                                 ${d.map((x) => x.count)}::int8[], ${d.map((x) => x.sum)}::float8[])`,
      )
      .onConflict((oc) =>
        oc.columns(['day', 'metric', 'route', 'device', 'release', 'bucket']).doUpdateSet({
          count: sql`vital_histograms_daily.count + excluded.count`,
          sum: sql`vital_histograms_daily.sum + excluded.sum`,
        }),
      )
      .execute();
  });
}

/** The shared writer's key (the metrics registry reads how many samples wait in it). */
const VITALS_WRITER = 'vitals-writer';

/** The vitals writer: 2,000 samples a batch, or every 2 s; refused rows isolated (lib/platform/runtime/buffered-writer). */
export function vitalsWriter(): BufferedWriter<VitalRow> {
  return sharedWriter(VITALS_WRITER, {
    name: 'vitals',
    write: persistVitals,
    flushMs: FLUSH_MS,
    maxBatch: MAX_BATCH,
    maxPending: MAX_PENDING,
  });
}
