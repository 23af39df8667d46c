import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as vitalsReport } from '@/app/api/reports/vitals/route';
import { rateVital } from '@/lib/platform/budgets';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { RELATIVE_ERROR_BOUND } from '@/lib/platform/metrics/histogram';
import { persistVitals, type VitalRow } from '@/lib/vitals/writer';
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
  const row = (value: number, route: string, metric = 'LCP'): VitalRow => ({
    sampleId: randomUUID(),
    metric,
    value,
    rating: null,
    route,
    device: 'mobile',
    connection: '4g',
    release,
    navigationType: 'navigate',
    attribution: null,
    replayed: false,
    at,
  });
  await persistVitals([
    ...values.map((v) => row(v, '/queue')),
    ...Array.from({ length: 10 }, () => row(90, '/queue', 'INP')),
    row(700, '/login'),
  ]);
});
afterAll(() => sql.close());

const report = (query: string, cookie = manager) => invoke(vitalsReport, `/api/reports/vitals?release=${release}&${query}`, { cookie });

describe('GET /api/reports/vitals', () => {
  it('gives count, percentiles within the stated bound, and shares equal to rating every sample', async () => {
    const result = await report('route=/queue&metric=LCP');
    expect(result.status).toBe(200);
    const [lcp] = result.json.metrics;
    expect(lcp).toMatchObject({ metric: 'LCP', count: values.length, enoughData: true });
    for (const [key, q] of [
      ['p50', 0.5],
      ['p75', 0.75],
      ['p95', 0.95],
    ] as const) {
      expect(Math.abs(lcp[key] - exact(q)) / exact(q)).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 0.001);
    }
    const share = (rating: string) =>
      Math.round((values.filter((v) => rateVital('LCP', v) === rating).length / values.length) * 1000) / 1000;
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

describe('the report page figures (getVitalsBreakdown, getVitalsOffenders)', () => {
  // A release of its own, two days of samples at known hours, over two routes and two device classes.
  const own = `breakdown-${randomUUID().slice(0, 8)}`;
  const older = `${own}-old`;
  const dayStart = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
  const samples: VitalRow[] = [];
  const add = (
    metric: string,
    value: number,
    route: string,
    device: string,
    hour: number,
    release = own,
    attribution: VitalRow['attribution'] = null,
  ) =>
    samples.push({
      sampleId: randomUUID(),
      metric,
      value,
      rating: null,
      route,
      device,
      connection: null,
      release,
      navigationType: 'navigate',
      attribution,
      replayed: false,
      at: new Date(dayStart + hour * 3_600_000 + 60_000),
    });
  for (let i = 0; i < 120; i++) {
    add('LCP', 800 + i * 25, i % 3 ? '/queue' : '/leads/[id]', i % 2 ? 'mobile' : 'desktop', i % 48, own, {
      target: i % 4 ? 'main>ul>li.lead' : 'img.hero',
      timeToFirstByte: 100,
      elementRenderDelay: 40 + (i % 4),
    });
    add('INP', 60 + i * 4, '/queue', 'mobile', i % 48, own, {
      interactionTarget: i % 5 ? 'button#save' : 'input#lead-search',
      inputDelay: 10,
      processingDuration: 30 + (i % 5),
      presentationDelay: 20,
    });
  }
  for (let i = 0; i < 60; i++) add('LCP', 3000, '/queue', 'mobile', -20, older); // the day before: an earlier release
  const inRange = (from: number, to: number, filter: (row: VitalRow) => boolean) =>
    samples.filter((row) => row.at.getTime() >= from && row.at.getTime() < to && filter(row));
  const p75 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.75 * values.length) - 1];
  const near = (actual: number | null, expected: number) =>
    expect(Math.abs(actual! - expected) / expected).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 0.001);

  beforeAll(() => persistVitals(samples));

  it('groups by route, device, release (newest first) and day like a brute-force count', async () => {
    const { getVitalsBreakdown } = await import('@/lib/vitals/vitals-report');
    const from = new Date(dayStart - 86_400_000);
    const to = new Date(dayStart + 2 * 86_400_000);
    const result = await getVitalsBreakdown({ from, to, metric: 'LCP' });
    const mine = (row: VitalRow) => row.metric === 'LCP' && (row.release === own || row.release === older);
    for (const route of ['/queue', '/leads/[id]']) {
      const expected = inRange(from.getTime(), to.getTime(), (row) => mine(row) && row.route === route);
      const figures = result.byRoute.find((row) => row.key === route)!.metrics[0];
      // Other tests' samples may share the route; ours are all there.
      expect(figures.count).toBeGreaterThanOrEqual(expected.length);
    }
    const releases = result.byRelease.map((row) => row.key).filter((key) => key === own || key === older);
    expect(releases).toEqual([own, older]); // newest first: own was first seen a day after older
    const ownRelease = await getVitalsBreakdown({ from, to, metric: 'LCP', release: own });
    const expectedOwn = inRange(from.getTime(), to.getTime(), (row) => row.metric === 'LCP' && row.release === own);
    expect(ownRelease.overall[0].count).toBe(expectedOwn.length);
    near(ownRelease.overall[0].p75, p75(expectedOwn.map((row) => row.value)));
    for (const device of ['mobile', 'desktop']) {
      const expected = expectedOwn.filter((row) => row.device === device);
      const figures = ownRelease.byDevice.find((row) => row.key === device)!.metrics[0];
      expect(figures.count).toBe(expected.length);
      near(figures.p75, p75(expected.map((row) => row.value)));
    }
    for (const day of ownRelease.trend) {
      const start = Date.parse(day.day);
      const expected = inRange(start, start + 86_400_000, (row) => row.metric === 'LCP' && row.release === own);
      expect(day.metrics[0].count).toBe(expected.length);
      if (expected.length >= 50) near(day.metrics[0].p75, p75(expected.map((row) => row.value)));
      else expect(day.metrics[0].p75).toBeNull();
    }
  });

  it('counts exactly the hours of a range that starts and ends inside a day (daily rollup plus hourly edges)', async () => {
    const from = new Date(dayStart + 5 * 3_600_000);
    const to = new Date(dayStart + 2 * 86_400_000 + 7 * 3_600_000);
    const { getVitalsReport } = await import('@/lib/vitals/vitals-report');
    const [figures] = await getVitalsReport({ from, to, metric: 'INP', release: own });
    const expected = inRange(from.getTime(), to.getTime(), (row) => row.metric === 'INP' && row.release === own);
    expect(figures.count).toBe(expected.length);
    near(figures.p75, p75(expected.map((row) => row.value)));
    const [within] = await getVitalsReport({
      from: new Date(dayStart + 2 * 3_600_000),
      to: new Date(dayStart + 9 * 3_600_000),
      metric: 'INP',
      release: own,
    });
    expect(within.count).toBe(
      inRange(dayStart + 2 * 3_600_000, dayStart + 9 * 3_600_000, (row) => row.metric === 'INP' && row.release === own).length,
    );
  });

  it('names the top offenders with their slow counts and mean phase split', async () => {
    const { getVitalsOffenders } = await import('@/lib/vitals/vitals-report');
    const offenders = await getVitalsOffenders({ from: new Date(dayStart), to: new Date(dayStart + 2 * 86_400_000), release: own });
    const inp = offenders.filter((o) => o.metric === 'INP');
    const expectedSlow = (target: string) =>
      samples.filter((row) => row.metric === 'INP' && row.attribution?.interactionTarget === target && row.value > 200).length;
    expect(inp.map((o) => o.target)).toEqual(['button#save', 'input#lead-search'].sort((a, b) => expectedSlow(b) - expectedSlow(a)));
    const save = inp.find((o) => o.target === 'button#save')!;
    expect(save.slow).toBe(expectedSlow('button#save'));
    expect(save.count).toBe(samples.filter((row) => row.metric === 'INP' && row.attribution?.interactionTarget === 'button#save').length);
    expect(save.parts).toEqual({ inputDelay: 10, processingDuration: expect.closeTo(32.5, 0), presentationDelay: 20 });
    const lcp = offenders.filter((o) => o.metric === 'LCP').map((o) => o.target);
    expect(lcp).toEqual(expect.arrayContaining(['main>ul>li.lead', 'img.hero']));
  });
});
