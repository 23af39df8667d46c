import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as vitalsReport } from '@/app/api/reports/vitals/route';
import { rateVital } from '@/lib/budgets';
import { openSqlRunner, type SqlRunner } from '@/lib/db/sql';
import { RELATIVE_ERROR_BOUND } from '@/lib/rum/histogram';
import { persistVitals, type VitalRow } from '@/lib/rum/writer';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let manager: string;
let agent: string;
const release = `report-${randomUUID().slice(0, 8)}`;

// Deterministic LCP values spread from fast to slow, none within 3 % of a threshold (buckets are ±2.47 %).
const values = Array.from({ length: 240 }, (_, i) => 400 * 1.012 ** i).filter((v) => ![2500, 4000].some((t) => Math.abs(v - t) / t < 0.03));
const exact = (q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent1@callpace.test')]);
  const at = new Date(Date.now() - 2 * 86_400_000);
  const row = (value: number, route: string, metric = 'LCP'): VitalRow => ({ sampleId: randomUUID(), metric, value, rating: null, route, device: 'mobile', connection: '4g', release, navigationType: 'navigate', attribution: null, replayed: false, at });
  await persistVitals([...values.map((v) => row(v, '/queue')), ...Array.from({ length: 10 }, () => row(90, '/queue', 'INP')), row(700, '/login')]);
});
afterAll(() => sql.close());

const report = (query: string, cookie = manager) => invoke(vitalsReport, `/api/reports/vitals?release=${release}&${query}`, { cookie });

describe('GET /api/reports/vitals', () => {
  it('gives count, percentiles within the stated bound, and shares equal to rating every sample', async () => {
    const result = await report('route=/queue&metric=LCP');
    expect(result.status).toBe(200);
    const [lcp] = result.json.metrics;
    expect(lcp).toMatchObject({ metric: 'LCP', count: values.length, enoughData: true });
    for (const [key, q] of [['p50', 0.5], ['p75', 0.75], ['p95', 0.95]] as const) {
      expect(Math.abs(lcp[key] - exact(q)) / exact(q)).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 0.001);
    }
    const share = (rating: string) => Math.round((values.filter((v) => rateVital('LCP', v) === rating).length / values.length) * 1000) / 1000;
    expect(lcp.good).toBe(share('good'));
    expect(lcp.needsImprovement).toBe(share('needs-improvement'));
    expect(lcp.poor).toBe(share('poor'));
  });

  it('says "not enough data" below the minimum sample count instead of a number', async () => {
    const result = await report('route=/queue&metric=INP');
    expect(result.json.metrics[0]).toMatchObject({ metric: 'INP', count: 10, enoughData: false, p75: null, good: null });
  });

  it('filters by route, and answers every metric when none is named', async () => {
    const result = await report('route=/login');
    const byMetric = Object.fromEntries(result.json.metrics.map((m: { metric: string; count: number }) => [m.metric, m.count]));
    expect(byMetric).toMatchObject({ LCP: 1, INP: 0, CLS: 0 });
  });

  it('is for managers: 403 for an agent, 401 signed out', async () => {
    expect((await report('', agent)).status).toBe(403);
    expect((await invoke(vitalsReport, '/api/reports/vitals')).status).toBe(401);
  });

  it.each([
    ['from after to', 'from=2026-06-02&to=2026-06-01', 'from'],
    ['an unknown metric', 'metric=FID', 'metric'],
    ['a URL instead of a route', 'route=/queue?x=1', 'route'],
    ['a malformed date', 'from=yesterday', 'from'],
  ])('refuses %s with 422', async (_, query, path) => {
    const result = await report(query);
    expect(result.status).toBe(422);
    expect(result.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});
