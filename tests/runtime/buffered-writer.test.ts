import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { BufferedWriter, isDataError, sharedWriter, waitingIn } from '@/lib/platform/runtime/buffered-writer';
import { runShutdownHooks } from '@/lib/platform/runtime/shutdown';
import { persistVitals, type VitalRow } from '@/lib/vitals/writer';
import { persistRequestHistograms, RequestHistograms } from '@/lib/platform/metrics/request-histograms';

let sql: SqlRunner;
beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(() => sql.close());

const release = `poison-${randomUUID().slice(0, 8)}`;
const row = (overrides: Partial<VitalRow> = {}): VitalRow => ({
  sampleId: randomUUID(),
  metric: 'LCP',
  value: 1200,
  rating: 'good',
  route: '/queue',
  device: 'mobile',
  connection: '4g',
  release,
  navigationType: 'navigate',
  attribution: null,
  replayed: false,
  at: new Date(),
  ...overrides,
});

describe('the buffered writer', () => {
  it('stores the good rows of a batch PostgreSQL refuses, drops the bad one with its SQLSTATE, and keeps writing', async () => {
    const writer = new BufferedWriter({ name: 'test vitals', write: persistVitals, flushMs: 60_000, maxBatch: 100, maxPending: 1_000 });
    // A NUL inside jsonb: PostgreSQL refuses the whole statement (22P05), which once stopped ingestion until restart.
    writer.add([row(), row(), row({ attribution: { element: 'div\u0000' } }), row(), row()]);
    await writer.flush();
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM vital_samples WHERE release = $1', [release]);
    expect(n).toBe(4);
    expect([...writer.dropped.entries()]).toEqual([['22P05', 1]]);
    expect(writer.waiting).toBe(0);
    writer.add([row()]);
    await writer.flush();
    const [{ n: after }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM vital_samples WHERE release = $1', [release]);
    expect(after).toBe(5);
  });

  it('retries an outage a bounded number of times, then drops and counts it (never forever)', async () => {
    let calls = 0;
    const writer = new BufferedWriter<number>({
      name: 'test outage',
      flushMs: 1,
      maxBatch: 10,
      maxPending: 100,
      maxAttempts: 3,
      write: async () => {
        calls += 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' });
      },
    });
    writer.add([1, 2, 3]);
    for (let i = 0; i < 3; i++) {
      await writer.flush();
    }
    expect(calls).toBe(3);
    expect(writer.waiting).toBe(0);
    expect(writer.dropped.get('unavailable')).toBe(3);
  });

  it('tells data errors from outages', () => {
    expect(isDataError({ code: 'P2010', meta: { code: '22P05' } })).toBe(true);
    expect(isDataError(Object.assign(new Error('x'), { cause: { originalCode: '23505' } }))).toBe(true);
    expect(isDataError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('request histograms: a refused row does not stop the others from being counted', async () => {
    const route = `/poison-${randomUUID().slice(0, 8)}`;
    const histograms = new RequestHistograms(persistRequestHistograms);
    histograms.record(route, 'GET', 200, 12);
    histograms.record(route, 'GET', 200, 14);
    histograms.record(`${route}\u0000`, 'GET', 200, 13); // a label that should never get here; the writer must survive it anyway
    await histograms.flush();
    const [{ n }] = await sql.query<{ n: string }>('SELECT coalesce(sum(count), 0)::text AS n FROM request_histograms WHERE route = $1', [
      route,
    ]);
    expect(Number(n)).toBe(2);
    expect(histograms.dropped.size).toBe(1);
  });

  it('adds counters of one key together as they arrive, so a batch holds each key once', async () => {
    const written: { key: string; n: number }[][] = [];
    const writer = new BufferedWriter<{ key: string; n: number }>({
      name: 'test counters',
      flushMs: 60_000,
      maxBatch: 100,
      maxPending: 100,
      combine: { key: (row) => row.key, add: (into, row) => void (into.n += row.n) },
      write: async (rows) => void written.push(rows.map((row) => ({ ...row }))),
    });
    writer.add([
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
    ]);
    writer.add([{ key: 'a', n: 3 }]);
    expect(writer.waiting).toBe(2);
    await writer.flush();
    expect(written).toEqual([
      [
        { key: 'a', n: 4 },
        { key: 'b', n: 2 },
      ],
    ]);
    writer.add([{ key: 'a', n: 1 }]);
    await writer.flush();
    expect(written[1]).toEqual([{ key: 'a', n: 1 }]);
  });

  it('adds a batch kept for a retry into the rows of its keys that arrived meanwhile', async () => {
    let fail = true;
    const written: { key: string; n: number }[] = [];
    const writer = new BufferedWriter<{ key: string; n: number }>({
      name: 'test counters retry',
      flushMs: 60_000,
      maxBatch: 100,
      maxPending: 100,
      combine: { key: (row) => row.key, add: (into, row) => void (into.n += row.n) },
      write: async (rows) => {
        if (fail) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        written.push(...rows.map((row) => ({ ...row })));
      },
    });
    writer.add([{ key: 'a', n: 1 }]);
    await writer.flush();
    expect(writer.waiting).toBe(1);
    writer.add([
      { key: 'a', n: 2 },
      { key: 'b', n: 5 },
    ]);
    fail = false;
    await writer.flush();
    expect(written.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'a', n: 3 },
      { key: 'b', n: 5 },
    ]);
    expect(writer.dropped.size).toBe(0);
  });

  it('shares one writer per key in the process, flushed on shutdown', async () => {
    const key = `test-shared-${randomUUID()}`;
    const written: number[] = [];
    const make = () =>
      sharedWriter<number>(key, {
        name: key,
        flushMs: 60_000,
        maxBatch: 100,
        maxPending: 100,
        write: async (rows) => void written.push(...rows),
      });
    const writer = make();
    expect(make()).toBe(writer);
    writer.add([1, 2]);
    expect(waitingIn(key)).toBe(2);
    await runShutdownHooks(5_000);
    expect(written).toEqual([1, 2]);
    expect(waitingIn(key)).toBe(0);
  });
});
