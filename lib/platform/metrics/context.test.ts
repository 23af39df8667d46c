import { describe, expect, it } from 'vitest';
import { addQueryTime, withRequestTiming } from './context';

const fresh = () => withRequestTiming('/x', async () => {}).timing;

describe('database time of a request', () => {
  it('adds queries that ran one after another', () => {
    const timing = fresh();
    addQueryTime(timing, 2, 102);
    addQueryTime(timing, 3, 110);
    expect(timing).toMatchObject({ dbMs: 5, queries: 2 });
  });

  it('counts queries that ran side by side once (never more than the wall time)', () => {
    const timing = fresh();
    addQueryTime(timing, 10, 110); // 100..110
    addQueryTime(timing, 8, 112); // 104..112, overlapping
    addQueryTime(timing, 1, 111.5); // 110.5..111.5, inside what is counted
    expect(timing.dbMs).toBe(12);
    expect(timing.queries).toBe(3);
  });
});
