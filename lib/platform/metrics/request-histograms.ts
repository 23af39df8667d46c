/**
 * Server latency per minute × route pattern × method × status class, in the
 * field report's fixed log-spaced buckets (lib/platform/metrics/histogram), so rows from
 * any number of instances merge by adding counts and percentiles stay exact
 * to one bucket (√γ − 1 ≈ 2.47 %). Kept in memory and added to
 * `request_histograms` every minute (and on shutdown) with an upsert.
 */
import { bucketOf } from './histogram';
import { BufferedWriter } from '../runtime/buffered-writer';
import { onShutdown } from '../runtime/shutdown';

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

const keyOf = (row: RequestHistogramRow) => `${row.minute.getTime()}|${row.route}|${row.method}|${row.statusClass}|${row.bucket}`;

/** Rows of one key added together: an upsert must not touch a row twice in one statement. */
function mergeRows(rows: RequestHistogramRow[]): RequestHistogramRow[] {
  const merged = new Map<string, RequestHistogramRow>();
  for (const row of rows) {
    const current = merged.get(keyOf(row));
    if (current) {
      current.count += row.count;
      current.sum += row.sum;
    } else merged.set(keyOf(row), { ...row });
  }
  return [...merged.values()];
}

export class RequestHistograms {
  private rows = new Map<string, RequestHistogramRow>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly writer: BufferedWriter<RequestHistogramRow>;

  constructor(write: (rows: RequestHistogramRow[]) => Promise<void>) {
    // Flushed by the minute timer below; the writer's own timer only paces retries.
    this.writer = new BufferedWriter({ name: 'request histograms', write, flushMs: FLUSH_MS, maxBatch: 5_000, maxPending: 100_000, merge: mergeRows });
  }

  record(route: string, method: string, status: number, ms: number, at = Date.now()): void {
    const minute = new Date(Math.floor(at / 60_000) * 60_000);
    const bucket = bucketOf(ms);
    const cls = statusClass(status);
    const key = `${minute.getTime()}|${route}|${method}|${cls}|${bucket}`;
    const row = this.rows.get(key);
    if (row) {
      row.count += 1;
      row.sum += ms;
    } else this.rows.set(key, { minute, route, method, statusClass: cls, bucket, count: 1, sum: ms });
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), FLUSH_MS);
      this.timer.unref?.();
    }
  }

  /** Adds what was recorded since the last flush to the database (refused rows isolated, outages retried a few times). */
  async flush(): Promise<void> {
    if (this.rows.size > 0) {
      const rows = [...this.rows.values()];
      this.rows = new Map();
      this.writer.add(rows);
    }
    await this.writer.flush();
  }

  get dropped(): ReadonlyMap<string, number> {
    return this.writer.dropped;
  }
}

/** Primary-key order: every instance upserts its rows in the same order, so two flushes at once cannot deadlock. */
const byKey = (a: RequestHistogramRow, b: RequestHistogramRow) =>
  a.minute.getTime() - b.minute.getTime() || a.route.localeCompare(b.route) || a.method.localeCompare(b.method) || a.statusClass.localeCompare(b.statusClass) || a.bucket - b.bucket;

export async function persistRequestHistograms(unordered: RequestHistogramRow[]): Promise<void> {
  if (unordered.length === 0) return;
  const rows = [...unordered].sort(byKey);
  const { db } = await import('../db/client');
  await db.$executeRaw`
    INSERT INTO request_histograms (minute, route, method, status_class, bucket, count, sum)
    SELECT * FROM unnest(${rows.map((r) => r.minute)}::timestamptz[], ${rows.map((r) => r.route)}::text[], ${rows.map((r) => r.method)}::text[],
                         ${rows.map((r) => r.statusClass)}::text[], ${rows.map((r) => r.bucket)}::int2[], ${rows.map((r) => r.count)}::int8[],
                         ${rows.map((r) => r.sum)}::float8[])
    ON CONFLICT (minute, route, method, status_class, bucket)
    DO UPDATE SET count = request_histograms.count + excluded.count, sum = request_histograms.sum + excluded.sum`;
}

const globalForHistograms = globalThis as unknown as { callpaceRequestHistograms?: RequestHistograms };

export function requestHistograms(): RequestHistograms {
  if (!globalForHistograms.callpaceRequestHistograms) {
    const histograms = new RequestHistograms(persistRequestHistograms);
    globalForHistograms.callpaceRequestHistograms = histograms;
    onShutdown('request histograms', () => histograms.flush());
  }
  return globalForHistograms.callpaceRequestHistograms;
}
