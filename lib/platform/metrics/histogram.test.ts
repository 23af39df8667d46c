import { describe, expect, it } from 'vitest';
import { MAX_BUCKET, RELATIVE_ERROR_BOUND, bucketOf, bucketUpperBound, bucketValue, quantileFromBuckets } from './histogram';

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function histogramOf(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
  return counts;
}

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296;
}

describe('bucketOf', () => {
  it.each([0, -5, 0.0005, 0.001])('puts %s in bucket 0', (value) => {
    expect(bucketOf(value)).toBe(0);
  });

  it('places every value inside its bucket bounds', () => {
    const random = lcg(7);
    for (let i = 0; i < 10_000; i++) {
      const value = 10 ** (random() * 8 - 2); // 0.01 .. 1e6
      const b = bucketOf(value);
      expect(value).toBeLessThanOrEqual(bucketUpperBound(b) * (1 + 1e-9));
      expect(value).toBeGreaterThan(bucketUpperBound(b - 1) * (1 - 1e-9));
    }
  });

  it('caps absurd values at the last bucket', () => {
    expect(bucketOf(1e15)).toBe(MAX_BUCKET);
  });

  it('reports a bucket value within the stated relative error of anything in it', () => {
    const random = lcg(11);
    for (let i = 0; i < 10_000; i++) {
      const value = 10 ** (random() * 7 - 1);
      expect(Math.abs(bucketValue(bucketOf(value)) - value) / value).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 1e-9);
    }
  });
});

describe('quantileFromBuckets', () => {
  it('returns null without samples', () => {
    expect(quantileFromBuckets(new Map(), 0.75)).toBeNull();
  });

  it.each([0.5, 0.75, 0.95, 0.99])('matches the exact p%s to within one bucket', (q) => {
    const random = lcg(42);
    const values = Array.from({ length: 5_000 }, () => Math.exp(7 + random() * 2)); // ~1 s .. 8 s
    const exact = exactQuantile(values, q);
    const estimate = quantileFromBuckets(histogramOf(values), q)!;
    expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 1e-9);
  });

  it('gives the same answer for merged histograms as for the union of samples', () => {
    const random = lcg(3);
    const a = Array.from({ length: 2_000 }, () => 50 + random() * 900);
    const b = Array.from({ length: 3_000 }, () => 200 + random() * 4_000);
    const merged = new Map(histogramOf(a));
    for (const [bucket, n] of histogramOf(b)) merged.set(bucket, (merged.get(bucket) ?? 0) + n);
    expect(quantileFromBuckets(merged, 0.75)).toBe(quantileFromBuckets(histogramOf([...a, ...b]), 0.75));
  });
});
