import { describe, expect, it } from 'vitest';
import { percentile } from './percentile';

const ms = (n: number, value: number) => Array.from({ length: n }, () => value);

describe('percentile', () => {
  it('takes the nearest rank: the ⌈p/100 · n⌉-th smallest sample', () => {
    expect(percentile([...ms(95, 10), ...ms(5, 400)], 95)).toBe(10);
    expect(percentile([...ms(94, 10), ...ms(6, 400)], 95)).toBe(400);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([50, 95, 99].map((p) => percentile(hundred, p))).toEqual([50, 95, 99]);
    // Between two ranks it rounds up to an observed sample, never interpolates.
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([], 0)).toBeNaN();
    expect(percentile([], 100)).toBeNaN();
  });

  it('gives the minimum at p0 and the maximum at p100', () => {
    const values = [30, 10, 20];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(30);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('sorts numerically whatever the input order, without reordering the input', () => {
    const values = [400, 9, 100, 10, 1, 30];
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 99)).toBe(400);
    expect(values).toEqual([400, 9, 100, 10, 1, 30]);
  });
});
