/**
 * The percentile of raw samples, for code that keeps every value it measured
 * (the bench and the load test time each request on the client). Bucketed
 * latencies and field vitals go through `quantileFromBuckets` in ./histogram
 * instead; both use the nearest-rank definition, so a script's p95 and the
 * server's p95 of the same requests agree to within one bucket.
 *
 * Nearest rank: the smallest sample with at least p % of the samples at or
 * below it, i.e. the ⌈p/100 · n⌉-th smallest (p0 is the minimum, p100 the
 * maximum). It always reports a value that was observed, never an
 * interpolation between two. Plain TypeScript: scripts and browser code may
 * import it.
 */

/** The nearest-rank p-th percentile (0..100) of `values`, in any order; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
