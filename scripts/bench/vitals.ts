/**
 * `--only vitals`: field performance, on a database of its own
 * (BENCH_VITALS_DATABASE_URL, default `callpace_bench_vitals`) holding the
 * demo users (small seed) and ~12.5M synthetic samples as histograms.
 *
 * Ingest: POST /api/vitals at 10 and 50 connections beside the empty handler
 * (the rate limit raised so nothing is refused, but still checked in Redis for
 * every beacon); then the server is stopped with SIGTERM and every accepted
 * sample must be in the database. Report: the field report over ~10M samples
 * at any 28-day window, with the data cache off (every request aggregates) and
 * as served (the page's figures are cached for a minute).
 */
import { applyMigrations } from '../../lib/platform/db/migrate';
import { seed } from '../../prisma/seed';
import { seedVitalHistograms } from '../../prisma/seed/vital-histograms';
import { openDatabase } from '../database';
import { cycle, measure, type Endpoint, type Pace, type Row } from './measure';
import { MANAGER, createDatabase, queryOnce, say, signIn, startServer, stopServer } from './shared';

const VITALS_DATABASE_URL = process.env.BENCH_VITALS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/callpace_bench_vitals';
/** About 12.5M samples over 35 days: any 28-day window holds about 10M. */
const FIELD = { pageViews: 2_420_000, days: 35, rawSamples: 300_000, releases: ['bench-field-1', 'bench-field-2'] as [string, string] };
const DAY_MS = 86_400_000;

export interface VitalsBench {
  ingest: Row[];
  ingestStored: { accepted: number; samplesPerBeacon: number; stored: number };
  report: Row[];
  fieldSamples: number;
}

/** The field database, seeded on the first run only; returns the seeded period and its number of samples. */
async function prepareVitalsDatabase(): Promise<{ first: Date; last: Date; samples: number }> {
  const name = new URL(VITALS_DATABASE_URL).pathname.slice(1);
  await createDatabase(VITALS_DATABASE_URL);
  const db = await openDatabase({ kind: 'postgres', url: VITALS_DATABASE_URL, poolSize: 4 });
  try {
    await applyMigrations(db.factory);
    const [{ users }] = await db.sql.query<{ users: number }>('SELECT count(*)::int AS users FROM users');
    if (users === 0) await seed(db.sql, { scale: 'small' });
    const stored = async () =>
      (
        await db.sql.query<{ n: string | null; first: Date | null; last: Date | null }>(
          `SELECT sum(count)::text AS n, min(day) AS first, max(day) AS last FROM vital_histograms_daily WHERE release = ANY($1)`,
          [FIELD.releases],
        )
      )[0];
    let field = await stored();
    if (Number(field.n ?? 0) < 10_000_000) {
      say(`seeding ~12.5M field samples as histograms into ${name} (once; a few minutes)…`);
      const started = performance.now();
      const result = await seedVitalHistograms(db.sql, FIELD);
      say(
        `${result.samples} samples: ${result.histogramRows} hourly and ${result.dailyRows} daily histogram rows, ${FIELD.rawSamples} raw samples, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      await db.sql.exec('VACUUM ANALYZE vital_histograms, vital_histograms_daily, vital_samples');
      field = await stored();
    }
    return { first: field.first!, last: field.last!, samples: Number(field.n) };
  } finally {
    await db.close();
  }
}

const SAMPLES = ['LCP', 'FCP', 'TTFB', 'CLS', 'INP'] as const;

/** Beacons of one page view each (five samples with distinct ids and spread values) for `release`. */
function beacons(release: string): () => { path: string; body: string } {
  let sent = 0;
  return () => {
    const n = sent++;
    return {
      path: '/api/vitals',
      body: JSON.stringify({
        route: '/leads/[id]',
        device: 'mobile',
        connection: '4g',
        release,
        navigationType: 'navigate',
        samples: SAMPLES.map((metric, i) => ({
          id: `v5-${n}-${metric}`,
          metric,
          value: metric === 'CLS' ? 0.02 : 150 + ((n * 37 + i * 101) % 2500),
          at: Date.now() - 1000,
          attribution:
            metric === 'INP'
              ? { interactionTarget: 'form>button.save-next', inputDelay: 12, processingDuration: 40, presentationDelay: 18 }
              : undefined,
        })),
      }),
    };
  };
}

async function runIngest(pace: Pace): Promise<Pick<VitalsBench, 'ingest' | 'ingestStored'>> {
  const release = `bench-ingest-${Date.now().toString(36)}`;
  // The server's own release, so its beacons are a release it serves (lib/vitals/releases refuses others).
  const env = {
    DATABASE_URL: VITALS_DATABASE_URL,
    RELEASE_ID: release,
    VITALS_BEACONS_PER_MINUTE: '100000000',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  const beacon = beacons(release);
  const server = await startServer('on', env);
  const ingest: Row[] = [];
  let accepted = 0;
  try {
    for (const connections of [10, 50]) {
      const rows: Row[] = [];
      for (const endpoint of [
        { name: 'empty route handler', method: 'GET' as const, next: () => ({ path: '/api/bench/empty' }) },
        { name: 'POST /api/vitals (5 samples)', method: 'POST' as const, next: beacon },
      ]) {
        const warm = await measure(endpoint.name, { ...endpoint, connections, duration: 2 });
        const row = await measure(endpoint.name, { ...endpoint, connections, duration: pace.duration });
        if (endpoint.method === 'POST') accepted += warm.ok + row.ok;
        rows.push(row);
        say(
          `${row.name} at ${connections}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms${row.errors ? `, ${row.errors} errors` : ''}`,
        );
      }
      for (const row of rows) row.ratio = row.rps / rows[0].rps;
      ingest.push(...rows);
    }
  } finally {
    // SIGTERM: the writer must flush what it holds before the process exits.
    await stopServer(server);
  }
  const [{ n: stored }] = await queryOnce<{ n: number }>(
    VITALS_DATABASE_URL,
    'SELECT count(*)::int AS n FROM vital_samples WHERE release = $1',
    [release],
  );
  say(
    `beacons answered 204: ${accepted} (${accepted * SAMPLES.length} samples); stored after SIGTERM: ${stored} (beacons in flight when a measurement ended are stored but not counted)`,
  );
  return { ingest, ingestStored: { accepted, samplesPerBeacon: SAMPLES.length, stored } };
}

/** Random 28-day windows (starting at any hour) inside the seeded period; a fixed sequence, so runs are comparable. */
function reportWindows(field: { first: Date; last: Date }): { from: Date; to: Date }[] {
  const span = field.last.getTime() + DAY_MS - field.first.getTime() - 28 * DAY_MS;
  let state = 7;
  return Array.from({ length: 40 }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const from = new Date(field.first.getTime() + Math.floor((((state % 1000) / 1000) * Math.max(0, span)) / 3_600_000) * 3_600_000);
    return { from, to: new Date(from.getTime() + 28 * DAY_MS) };
  });
}

async function runReport(pace: Pace, field: { first: Date; last: Date }): Promise<Row[]> {
  const report: Row[] = [];
  const windows = reportWindows(field);
  const iso = (date: Date) => date.toISOString();
  for (const dataCache of ['off', 'on'] as const) {
    const server = await startServer(dataCache, { DATABASE_URL: VITALS_DATABASE_URL });
    try {
      const cookie = await signIn(MANAGER);
      const nextWindow = cycle(windows);
      const endpoints: Endpoint[] = [
        { name: 'empty route handler', signedIn: false, next: () => ({ path: '/api/bench/empty' }) },
        {
          name: 'GET /api/reports/vitals, 28 days from any hour (~10M samples)',
          next: () => {
            const w = nextWindow();
            return { path: `/api/reports/vitals?from=${iso(w.from)}&to=${iso(w.to)}` };
          },
        },
        {
          name: 'GET /api/reports/vitals, 28 whole days',
          next: () => {
            const w = nextWindow();
            return { path: `/api/reports/vitals?from=${iso(w.from).slice(0, 10)}&to=${iso(w.to).slice(0, 10)}` };
          },
        },
        {
          name: 'GET /api/reports/vitals, 28 days, one route and device',
          next: () => {
            const w = nextWindow();
            return { path: `/api/reports/vitals?from=${iso(w.from)}&to=${iso(w.to)}&route=/queue&device=mobile` };
          },
        },
        {
          name: `GET /reports/vitals page, 28 whole days (breakdown + offenders), cache ${dataCache}`,
          next: () => {
            const w = nextWindow();
            return { path: `/reports/vitals?from=${iso(w.from).slice(0, 10)}&to=${iso(w.to).slice(0, 10)}` };
          },
        },
      ];
      // The API is never cached: its rows are measured once, with the cache off.
      for (const endpoint of dataCache === 'off' ? endpoints : [endpoints[0], endpoints[4]]) {
        const load = { ...endpoint, connections: 1, duration: pace.duration, cookie: endpoint.signedIn === false ? undefined : cookie };
        await measure(endpoint.name, { ...load, duration: 2 });
        const row = await measure(endpoint.name, load);
        row.ratio = row.rps / (report.find((r) => r.name === 'empty route handler')?.rps ?? row.rps);
        if (!(dataCache === 'on' && endpoint === endpoints[0])) report.push(row);
        say(`${row.name}: p50 ${row.p50} ms, p95 ${row.p95} ms${row.errors ? `, ${row.errors} errors` : ''}`);
      }
    } finally {
      await stopServer(server);
    }
  }
  return report;
}

export async function runVitals(pace: Pace): Promise<VitalsBench> {
  const field = await prepareVitalsDatabase();
  const { ingest, ingestStored } = await runIngest(pace);
  const report = await runReport(pace, field);
  return { ingest, ingestStored, report, fieldSamples: field.samples };
}
