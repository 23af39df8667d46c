/**
 * Fixed log-spaced histogram buckets shared by field vitals and server
 * latency. Because every instance and every hour uses the same boundaries,
 * histograms merge by adding counts, and a percentile read from merged
 * buckets is exact to one bucket.
 *
 * Bucket 0 holds values ≤ MIN_VALUE (including 0, common for CLS). Bucket
 * b ≥ 1 holds (MIN_VALUE·γ^(b-1), MIN_VALUE·γ^b]. A percentile is reported
 * as the geometric middle of its bucket, so its relative error is at most
 * √γ − 1 ≈ 2.47 % for γ = 1.05.
 */

export const GROWTH = 1.05;
export const MIN_VALUE = 0.001;
/** Values above MIN_VALUE·γ^(MAX_BUCKET) (≈ 9 h in ms) land in the last bucket. */
export const MAX_BUCKET = 500;
export const RELATIVE_ERROR_BOUND = Math.sqrt(GROWTH) - 1;

const LOG_GROWTH = Math.log(GROWTH);

/** Bucket index of a value (milliseconds, or unitless for CLS). */
export function bucketOf(value: number): number {
  if (!(value > MIN_VALUE)) return 0;
  const index = Math.ceil(Math.log(value / MIN_VALUE) / LOG_GROWTH - 1e-9);
  return Math.min(Math.max(index, 1), MAX_BUCKET);
}

/** Upper bound of a bucket. */
export function bucketUpperBound(bucket: number): number {
  return bucket <= 0 ? MIN_VALUE : MIN_VALUE * GROWTH ** bucket;
}

/** The value reported for a bucket: its geometric middle (0 for bucket 0). */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : MIN_VALUE * GROWTH ** (bucket - 0.5);
}

export type BucketCounts = ReadonlyMap<number, number> | ReadonlyArray<readonly [number, number]>;

/**
 * The q-quantile (0..1) of merged bucket counts, using the nearest-rank
 * definition; null when there are no samples.
 */
export function quantileFromBuckets(counts: BucketCounts, q: number): number | null {
  const entries = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, n] of entries) {
    seen += n;
    if (seen >= rank) return bucketValue(bucket);
  }
  return bucketValue(entries[entries.length - 1][0]);
}
