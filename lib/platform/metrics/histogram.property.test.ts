import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_VALUE, RELATIVE_ERROR_BOUND, bucketOf, quantileFromBuckets } from './histogram';

const histogramOf = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(bucketOf(value), (counts.get(bucketOf(value)) ?? 0) + 1);
  return counts;
};

const exactQuantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * values.length) - 1)];

// Shapes field data takes: flat, log-normal-ish (most fast, a long slow tail), bimodal, mostly zero (CLS).
const positive = fc.double({ min: 0.002, max: 600_000, noNaN: true });
const logNormalish = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([u, v]) => Math.exp(6 + 1.2 * Math.sqrt(-2 * Math.log(Math.max(u, 1e-12))) * Math.cos(2 * Math.PI * v)));
const bimodal = fc.oneof(fc.double({ min: 50, max: 120, noNaN: true }), fc.double({ min: 2_000, max: 9_000, noNaN: true }));
const mostlyZero = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 0.0001, max: 2, noNaN: true }) },
);
const samples = fc.oneof(
  fc.array(positive, { minLength: 1, maxLength: 400 }),
  fc.array(logNormalish, { minLength: 1, maxLength: 400 }),
  fc.array(bimodal, { minLength: 1, maxLength: 400 }),
  fc.array(mostlyZero, { minLength: 1, maxLength: 400 }),
);

describe('histogram percentiles (property-based)', () => {
  it(`stay within ${(RELATIVE_ERROR_BOUND * 100).toFixed(2)} % of the exact percentile, whatever the shape of the data`, () => {
    fc.assert(
      fc.property(samples, fc.constantFrom(0.5, 0.75, 0.9, 0.95, 0.99), (values, q) => {
        const exact = exactQuantile(values, q);
        const estimate = quantileFromBuckets(histogramOf(values), q)!;
        if (exact <= MIN_VALUE) return estimate === 0;
        return Math.abs(estimate - exact) / exact <= RELATIVE_ERROR_BOUND + 1e-9;
      }),
      { numRuns: 500 },
    );
  });

  it('merged from parts equal the histogram of the whole (instances and hours add up)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(positive, { maxLength: 100 }), { minLength: 1, maxLength: 6 }), (parts) => {
        const merged = new Map<number, number>();
        for (const part of parts) for (const [bucket, n] of histogramOf(part)) merged.set(bucket, (merged.get(bucket) ?? 0) + n);
        const whole = histogramOf(parts.flat());
        expect(new Map([...merged].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...whole].sort((a, b) => a[0] - b[0])));
        for (const q of [0.5, 0.75, 0.95]) expect(quantileFromBuckets(merged, q)).toBe(quantileFromBuckets(whole, q));
      }),
      { numRuns: 300 },
    );
  });
});
