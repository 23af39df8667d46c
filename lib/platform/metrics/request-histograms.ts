/**
 * Server latency per minute × route pattern × method × status class, in the
 * field report's fixed log-spaced buckets (lib/platform/metrics/histogram), so rows from
 * any number of instances merge by adding counts and percentiles stay exact
 * to one bucket (√γ − 1 ≈ 2.47 %). Kept in memory and added to
 * `request_histograms` every minute (and on shutdown) with an upsert, by the
 * one buffered writer (lib/platform/runtime/buffered-writer).
 */
import 'server-only';
import { sql } from 'kysely';
import { db } from '../db/client';
import { bucketOf } from './histogram';
import { BufferedWriter, sharedWriter } from '../runtime/buffered-writer';

export interface RequestHistogramRow {
  minute: Date;
  route: string;
  method: string;
  statusClass: string;
  bucket: number;
  count: number;
  sum: number;
}

const FLUSH_MS = 60_000;

export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** One row per key (minute, route, method, status class, bucket): an upsert must not touch a row twice in one statement. */
const combine = {
  key: (row: RequestHistogramRow) => `${row.minute.getTime()}|${row.route}|${row.method}|${row.statusClass}|${row.bucket}`,
  add: (into: RequestHistogramRow, row: RequestHistogramRow) => {
    into.count += row.count;
    into.sum += row.sum;
  },
};

/** Requests counted into their histogram rows as they finish, written by the one buffered writer every minute (and on shutdown). */
export class RequestHistograms extends BufferedWriter<RequestHistogramRow> {
  constructor(write: (rows: RequestHistogramRow[]) => Promise<void>) {
    super({ name: 'request histograms', write, flushMs: FLUSH_MS, maxBatch: 5_000, maxPending: 100_000, combine });
  }

  record(route: string, method: string, status: number, ms: number, at = Date.now()): void {
    const minute = new Date(Math.floor(at / 60_000) * 60_000);
    this.add([{ minute, route, method, statusClass: statusClass(status), bucket: bucketOf(ms), count: 1, sum: ms }]);
  }
}

/** Primary-key order: every instance upserts its rows in the same order, so two flushes at once cannot deadlock. */
const byKey = (a: RequestHistogramRow, b: RequestHistogramRow) =>
  a.minute.getTime() - b.minute.getTime() ||
  a.route.localeCompare(b.route) ||
  a.method.localeCompare(b.method) ||
  a.statusClass.localeCompare(b.statusClass) ||
  a.bucket - b.bucket;

/** Adds the rows to `request_histograms` in one statement: unnest of the columns, ON CONFLICT adding the counts. */
export async function persistRequestHistograms(unordered: RequestHistogramRow[]): Promise<void> {
  if (unordered.length === 0) return;
  const rows = [...unordered].sort(byKey);
  await db.$kysely
    .insertInto('request_histograms')
    .columns(['minute', 'route', 'method', 'status_class', 'bucket', 'count', 'sum'])
    .expression(
      sql`SELECT * FROM unnest(${rows.map((r) => r.minute)}::timestamptz[], ${rows.map((r) => r.route)}::text[], ${rows.map((r) => r.method)}::text[],
                               ${rows.map((r) => r.statusClass)}::text[], ${rows.map((r) => r.bucket)}::int2[], ${rows.map((r) => r.count)}::int8[],
                               ${rows.map((r) => r.sum)}::float8[])`,
    )
    .onConflict((oc) =>
      oc.columns(['minute', 'route', 'method', 'status_class', 'bucket']).doUpdateSet({
        count: sql`request_histograms.count + excluded.count`,
        sum: sql`request_histograms.sum + excluded.sum`,
      }),
    )
    .execute();
}

/** The process's request histograms (lib/platform/http/handler records every API request). */
export const requestHistograms = (): RequestHistograms =>
  sharedWriter('request-histograms', () => new RequestHistograms(persistRequestHistograms));
