/**
 * `npm run bench`: the agent API under load on the large seed (100k leads,
 * 1M calls), each endpoint next to an empty route handler measured in the
 * same run, since these machines are too noisy for absolute figures alone.
 *
 * Prepares its own database (BENCH_DATABASE_URL, default a `callpace_bench`
 * database on the local PostgreSQL): migrates it and seeds the large scale
 * once (about 90 s); builds the app when the build is stale; serves it on
 * BENCH_PORT (3299); signs in as a demo agent; then runs each endpoint at
 * 10 connections after a short warm-up.
 *   npm run bench -- --duration 10 --connections 10
 * Writes reports/bench.json and prints a table. Note: POST /api/calls adds
 * real calls to the bench database on every run.
 *
 * The field-performance part (`--only vitals`) uses a second database
 * (BENCH_VITALS_DATABASE_URL, default `callpace_bench_vitals`) holding ~12.5M
 * synthetic samples as histograms: beacon ingest at 10 and 50 connections,
 * then the field report over 28-day windows.
 *
 * `--only import` times a 100,000-row CSV import (and the same file again).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, devices } from '@playwright/test';
import autocannon from 'autocannon';
import { Client } from 'pg';
import type { LeadItem } from '../lib/leads/lead-item';
import { applyMigrations } from '../lib/platform/db/migrate';
import { seed } from '../prisma/seed';
import { seedVitalHistograms } from '../prisma/seed/vital-histograms';
import { buildIsCurrent, markBuildCurrent } from './build-state';
import { openDatabase } from './database';
import { signInOverHttp, waitForHealthy } from './http-session';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    /** `api`, `outbox`, `vitals` or `import` to run one part only. */
    only: { type: 'string' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/callpace_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3299);
const BASE = `http://127.0.0.1:${PORT}`;
const AGENT = { email: 'agent1@callpace.test', password: 'callpace-demo' };
const LARGE_LEADS = 100_000;

const say = (message: string) => console.log(`[bench] ${message}`);

async function prepareDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(DATABASE_URL), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();

  const db = await openDatabase({ kind: 'postgres', url: DATABASE_URL, poolSize: 4 });
  try {
    const applied = await applyMigrations(db.factory);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);
    const [{ count }] = await db.sql.query<{ count: string }>('SELECT count(*)::text AS count FROM leads');
    if (Number(count) < LARGE_LEADS) {
      say(`seeding the large scale into ${name} (once; about 90 s)…`);
      const result = await seed(db.sql, { scale: 'large' });
      say(`seeded ${result.leads} leads and ${result.calls} calls in ${result.seconds.toFixed(1)} s`);
    }
    // Earlier runs' call writes leave dead row versions and stale statistics; start each run from a settled table.
    await db.sql.exec('VACUUM ANALYZE leads, calls');
  } finally {
    await db.close();
  }
}

function build() {
  if (buildIsCurrent()) return;
  say('building the app…');
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('next build failed');
  markBuildCurrent();
}

async function startServer(dataCache: 'on' | 'off', env: Record<string, string> = {}): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // The bench drives writes far faster than any person (hundreds a second): it measures the write path, not the limiter refusing it.
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), BENCH: 'on', SERVER_TIMING: 'on', TRUSTED_PROXIES: 'loopback', DATABASE_URL, DATA_CACHE: dataCache, AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-secret-bench-secret-bench-secret', APP_URL: BASE, WRITES_PER_MINUTE: '100000000', ...env },
  });
  try {
    await waitForHealthy(BASE, server, 60_000);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

/** A fresh session per endpoint: the signed session cookie cache lasts 60 s, as it would for a browser. */
function signIn(user = AGENT): Promise<string> {
  return signInOverHttp(BASE, user.email, undefined, user.password);
}

type LeadSample = Pick<LeadItem, 'id' | 'firstName' | 'lastName' | 'company' | 'phone' | 'email'>;
type Sample = Awaited<ReturnType<typeof sampleLeads>> & { nextWriter: (() => { cookie: string; leadId: string }) | null };

/**
 * The agent's queue pages (as cursors), lead ids, and search terms drawn from
 * the leads: last names, companies, first name + start of last name, phone
 * digits, email local parts. Enough distinct terms that a run rarely repeats one.
 */
async function sampleLeads(cookie: string): Promise<{ cursors: string[]; ids: string[]; queries: string[] }> {
  const leads: LeadSample[] = [];
  const cursors = [''];
  for (;;) {
    const cursor = cursors[cursors.length - 1];
    const response = await fetch(`${BASE}/api/leads?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } });
    const page = (await response.json()) as { items: LeadSample[]; nextCursor: string | null };
    leads.push(...page.items);
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
  }
  const queries = new Set<string>();
  for (const lead of leads) {
    queries.add(lead.lastName);
    if (lead.company) queries.add(lead.company.split(' ')[0]);
    queries.add(`${lead.firstName} ${lead.lastName.slice(0, 3)}`);
    queries.add(lead.phone.slice(-6));
    if (lead.email) queries.add(lead.email.split('@')[0].slice(0, 6));
  }
  // A fixed shuffle, so runs are comparable.
  const terms = [...queries].filter((q) => q.length >= 2);
  let state = 42;
  for (let i = terms.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [terms[i], terms[j]] = [terms[j], terms[i]];
  }
  return { cursors, ids: leads.map((lead) => lead.id), queries: terms };
}

interface Row {
  name: string;
  connections: number;
  requests: number;
  /** Responses below 400. */
  ok: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  ratio?: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function measure(name: string, options: { connections?: number; duration?: number; method?: 'GET' | 'POST'; cookie?: string; next: () => { path: string; body?: string; cookie?: string } }): Promise<Row> {
  const latencies: number[] = [];
  let errors = 0;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: BASE,
    connections: options.connections ?? CONNECTIONS,
    duration: options.duration ?? DURATION,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), origin: BASE, 'content-type': 'application/json' },
    requests: [
      {
        method: options.method ?? 'GET',
        setupRequest: (request) => {
          const next = options.next();
          return { ...request, path: next.path, ...(next.body ? { body: next.body } : {}), ...(next.cookie ? { headers: { ...request.headers, cookie: next.cookie } } : {}) };
        },
      },
    ],
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 400) errors += 1;
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    name,
    connections: options.connections ?? CONNECTIONS,
    requests: latencies.length,
    ok: latencies.length - errors,
    rps: latencies.length / result.duration,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    errors: errors + result.errors + result.timeouts,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

const queuePath = (cursor: string) => (cursor ? `/api/leads?cursor=${cursor}` : '/api/leads');

interface Endpoint {
  name: string;
  method?: 'GET' | 'POST';
  connections?: number;
  signedIn?: boolean;
  /** Signs in as this user instead of the demo agent. */
  user?: { email: string; password: string };
  next: () => { path: string; body?: string; cookie?: string };
}

const WRITERS = 10;

/** Ten agents of the team, each with their own session and leads: writes as a floor makes them (no two on one agent's rows). */
async function writers(): Promise<() => { cookie: string; leadId: string }> {
  const agents = [];
  for (let i = 1; i <= WRITERS; i++) {
    const cookie = await signIn({ email: `agent${i}@callpace.test`, password: 'callpace-demo' });
    const { ids } = await sampleLeads(cookie);
    if (ids.length) agents.push({ cookie, nextLead: cycle(ids) });
  }
  const nextAgent = cycle(agents);
  return () => {
    const agent = nextAgent();
    return { cookie: agent.cookie, leadId: agent.nextLead() };
  };
}

async function runPhase(dataCache: 'on' | 'off', endpoints: (sample: Sample) => Endpoint[]): Promise<Row[]> {
  const server = await startServer(dataCache);
  try {
    const sample = { ...(await sampleLeads(await signIn())), nextWriter: dataCache === 'on' ? await writers() : null };
    if (sample.ids.length === 0) throw new Error(`${AGENT.email} has no leads in the bench database`);
    say(`data cache ${dataCache}: ${sample.ids.length} leads, ${sample.cursors.length} queue pages, ${sample.queries.length} search terms from ${AGENT.email}`);
    const rows: Row[] = [];
    for (const endpoint of endpoints(sample)) {
      const cookie = endpoint.signedIn === false ? undefined : await signIn(endpoint.user);
      await measure(endpoint.name, { ...endpoint, cookie, duration: 2 }); // warm-up, discarded
      const row = await measure(endpoint.name, { ...endpoint, cookie });
      rows.push(row);
      say(`${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms${row.errors ? `, ${row.errors} errors` : ''}`);
    }
    // Ratios against this phase's own empty handler: same server, same minute.
    for (const row of rows) row.ratio = row.rps / rows[0].rps;
    return rows;
  } finally {
    server.kill();
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const DRAIN_CALLS = 200;

declare function storeCount(name: string): Promise<number>;

async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The outbox after a dead zone: 200 calls wait in the phone's IndexedDB
 * (written in the app's own outbox format, each for a lead of the agent's
 * queue, with its own client id), the network comes back, and the app drains
 * them. Measures reconnect → outbox empty in Chromium (Pixel 7 emulation), and
 * counts the server's rows for those client ids afterwards.
 */
async function runOutboxDrain(): Promise<{ calls: number; drainMs: number; perCallMs: number; rows: number }> {
  const server = await startServer('on');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: BASE });
    // The number of entries in one of the app's IndexedDB stores (0 when the app has not made it yet);
    // opens without creating the database and closes its connection, so it never blocks the app's upgrades.
    await context.addInitScript(() => {
      (globalThis as unknown as { storeCount: (name: string) => Promise<number> }).storeCount = async (name) => {
        if (!(await indexedDB.databases()).some((database) => database.name === 'callpace')) return 0;
        return new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('callpace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(name)) return db.close(), resolve(0);
            const request = db.transaction(name).objectStore(name).count();
            request.onsuccess = () => (db.close(), resolve(request.result));
            request.onerror = () => (db.close(), reject(request.error));
          };
        });
      };
    });
    const page = await context.newPage();
    await page.goto('/login?next=/queue');
    await page.getByLabel('Email').fill(AGENT.email);
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/queue$/);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    // The app has made its device store once the queue is saved on the phone.
    await until(() => page.evaluate(() => storeCount('meta')).then((n) => n > 0), 30_000);
    const leadIds = await page.evaluate(async () => {
      const response = await fetch('/api/leads?limit=100');
      return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id);
    });

    await context.setOffline(true);
    const clientIds = await page.evaluate(
      ({ leadIds, count }) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('callpace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('outbox', 'readwrite');
            const ids: string[] = [];
            const start = Date.now() - count * 60_000;
            for (let i = 0; i < count; i++) {
              const clientId = crypto.randomUUID();
              const createdAt = start + i * 60_000;
              const leadId = leadIds[i % leadIds.length];
              ids.push(clientId);
              tx.objectStore('outbox').put({
                clientId, kind: 'call', leadId, leadName: 'Bench lead', createdAt, state: 'pending', attempts: 0, nextAttemptAt: 0,
                body: { clientId, leadId, outcome: 'no_answer', durationSec: 15, startedAt: new Date(createdAt).toISOString() },
              });
            }
            tx.oncomplete = () => (open.result.close(), resolve(ids));
            tx.onerror = () => reject(tx.error);
          };
        }),
      { leadIds, count: DRAIN_CALLS },
    );

    const queuedNow = await page.evaluate(() => storeCount('outbox'));
    if (queuedNow !== DRAIN_CALLS) throw new Error(`expected ${DRAIN_CALLS} calls in the outbox before reconnecting, found ${queuedNow}`);
    const started = Date.now();
    await context.setOffline(false);
    await until(() => page.evaluate(() => storeCount('outbox')).then((n) => n === 0), 120_000, 20);
    const drainMs = Date.now() - started;
    const db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE client_id = ANY($1::uuid[])', [clientIds]);
    await db.end();
    say(`outbox drain: ${DRAIN_CALLS} calls in ${drainMs} ms; ${rows[0].n} rows on the server`);
    return { calls: DRAIN_CALLS, drainMs, perCallMs: drainMs / DRAIN_CALLS, rows: rows[0].n };
  } finally {
    await browser.close();
    server.kill();
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const VITALS_DATABASE_URL = process.env.BENCH_VITALS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/callpace_bench_vitals';
/** About 12.5M samples over 35 days: any 28-day window holds about 10M. */
const FIELD = { pageViews: 2_420_000, days: 35, rawSamples: 300_000, releases: ['bench-field-1', 'bench-field-2'] as [string, string] };

/** A database of its own for field data: the demo users (small seed) plus ~12.5M synthetic samples as histograms. */
async function prepareVitalsDatabase(): Promise<{ first: Date; last: Date; samples: number }> {
  const name = new URL(VITALS_DATABASE_URL).pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(VITALS_DATABASE_URL), { pathname: '/postgres' }).toString() });
  await admin.connect();
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const db = await openDatabase({ kind: 'postgres', url: VITALS_DATABASE_URL, poolSize: 4 });
  try {
    await applyMigrations(db.factory);
    const [{ users }] = await db.sql.query<{ users: number }>('SELECT count(*)::int AS users FROM users');
    if (users === 0) await seed(db.sql, { scale: 'small' });
    const stored = async () => (await db.sql.query<{ n: string | null; first: Date | null; last: Date | null }>(
      `SELECT sum(count)::text AS n, min(day) AS first, max(day) AS last FROM vital_histograms_daily WHERE release = ANY($1)`, [FIELD.releases]))[0];
    let field = await stored();
    if (Number(field.n ?? 0) < 10_000_000) {
      say(`seeding ~12.5M field samples as histograms into ${name} (once; a few minutes)…`);
      const started = performance.now();
      const result = await seedVitalHistograms(db.sql, FIELD);
      say(`${result.samples} samples: ${result.histogramRows} hourly and ${result.dailyRows} daily histogram rows, ${FIELD.rawSamples} raw samples, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      await db.sql.exec('VACUUM ANALYZE vital_histograms, vital_histograms_daily, vital_samples');
      field = await stored();
    }
    return { first: field.first!, last: field.last!, samples: Number(field.n) };
  } finally {
    await db.close();
  }
}

interface VitalsBench {
  ingest: Row[];
  ingestStored: { accepted: number; samplesPerBeacon: number; stored: number };
  report: Row[];
  fieldSamples: number;
}

/**
 * POST /api/vitals at 10 and 50 connections beside the empty handler (the rate limit raised so nothing is
 * refused, but still checked in Redis for every beacon); then the server is stopped with SIGTERM and every
 * accepted sample must be in the database. Then the report over ~10M samples at any 28-day window.
 */
async function runVitals(): Promise<VitalsBench> {
  const field = await prepareVitalsDatabase();
  const release = `bench-ingest-${Date.now().toString(36)}`;
  // The server's own release, so its beacons are a release it serves (lib/vitals/releases refuses others).
  const env = { DATABASE_URL: VITALS_DATABASE_URL, RELEASE_ID: release, VITALS_BEACONS_PER_MINUTE: '100000000', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const SAMPLES = ['LCP', 'FCP', 'TTFB', 'CLS', 'INP'] as const;
  let beacons = 0;
  const beacon = () => {
    const n = beacons++;
    return {
      path: '/api/vitals',
      body: JSON.stringify({
        route: '/leads/[id]', device: 'mobile', connection: '4g', release, navigationType: 'navigate',
        samples: SAMPLES.map((metric, i) => ({
          id: `v5-${n}-${metric}`, metric, value: metric === 'CLS' ? 0.02 : 150 + ((n * 37 + i * 101) % 2500), at: Date.now() - 1000,
          attribution: metric === 'INP' ? { interactionTarget: 'form>button.save-next', inputDelay: 12, processingDuration: 40, presentationDelay: 18 } : undefined,
        })),
      }),
    };
  };

  let server = await startServer('on', env);
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
        const row = await measure(endpoint.name, { ...endpoint, connections });
        if (endpoint.method === 'POST') accepted += warm.ok + row.ok;
        rows.push(row);
        say(`${row.name} at ${connections}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms${row.errors ? `, ${row.errors} errors` : ''}`);
      }
      for (const row of rows) row.ratio = row.rps / rows[0].rps;
      ingest.push(...rows);
    }
  } finally {
    // SIGTERM: the writer must flush what it holds before the process exits.
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  const db = new Client({ connectionString: VITALS_DATABASE_URL });
  await db.connect();
  const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vital_samples WHERE release = $1', [release])).rows[0].n;
  await db.end();
  say(`beacons answered 204: ${accepted} (${accepted * SAMPLES.length} samples); stored after SIGTERM: ${stored} (beacons in flight when a measurement ended are stored but not counted)`);

  // The report: random 28-day windows (starting at any hour) inside the seeded period, with the data cache
  // off (every request aggregates) and as served (the page's figures are cached for a minute).
  const report: Row[] = [];
  const span = field.last.getTime() + 86_400_000 - field.first.getTime() - 28 * 86_400_000;
  let state = 7;
  const windows = Array.from({ length: 40 }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const from = new Date(field.first.getTime() + Math.floor(((state % 1000) / 1000) * Math.max(0, span) / 3_600_000) * 3_600_000);
    return { from, to: new Date(from.getTime() + 28 * 86_400_000) };
  });
  const iso = (date: Date) => date.toISOString();
  for (const dataCache of ['off', 'on'] as const) {
    server = await startServer(dataCache, { DATABASE_URL: VITALS_DATABASE_URL });
    try {
      const cookie = await signIn({ email: 'manager1@callpace.test', password: 'callpace-demo' });
      const nextWindow = cycle(windows);
      const endpoints: Endpoint[] = [
        { name: 'empty route handler', signedIn: false, next: () => ({ path: '/api/bench/empty' }) },
        { name: 'GET /api/reports/vitals, 28 days from any hour (~10M samples)', next: () => { const w = nextWindow(); return { path: `/api/reports/vitals?from=${iso(w.from)}&to=${iso(w.to)}` }; } },
        { name: 'GET /api/reports/vitals, 28 whole days', next: () => { const w = nextWindow(); return { path: `/api/reports/vitals?from=${iso(w.from).slice(0, 10)}&to=${iso(w.to).slice(0, 10)}` }; } },
        { name: 'GET /api/reports/vitals, 28 days, one route and device', next: () => { const w = nextWindow(); return { path: `/api/reports/vitals?from=${iso(w.from)}&to=${iso(w.to)}&route=/queue&device=mobile` }; } },
        { name: `GET /reports/vitals page, 28 whole days (breakdown + offenders), cache ${dataCache}`, next: () => { const w = nextWindow(); return { path: `/reports/vitals?from=${iso(w.from).slice(0, 10)}&to=${iso(w.to).slice(0, 10)}` }; } },
      ];
      // The API is never cached: its rows are measured once, with the cache off.
      for (const endpoint of dataCache === 'off' ? endpoints : [endpoints[0], endpoints[4]]) {
        const options = { ...endpoint, connections: 1, cookie: endpoint.signedIn === false ? undefined : cookie };
        await measure(endpoint.name, { ...options, duration: 2 });
        const row = await measure(endpoint.name, options);
        row.ratio = row.rps / (report.find((r) => r.name === 'empty route handler')?.rps ?? row.rps);
        if (!(dataCache === 'on' && endpoint === endpoints[0])) report.push(row);
        say(`${row.name}: p50 ${row.p50} ms, p95 ${row.p95} ms${row.errors ? `, ${row.errors} errors` : ''}`);
      }
    } finally {
      server.kill();
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }
  return { ingest, ingestStored: { accepted, samplesPerBeacon: SAMPLES.length, stored }, report, fieldSamples: field.samples };
}

const IMPORT_ROWS = 100_000;

interface ImportBench { rows: number; bytes: number; first: { ms: number; inserted: number; updated: number; invalid: number }; again: { ms: number; inserted: number; updated: number } }

/**
 * A 100,000-row CSV (8 MB: names, a phone to normalise, email, company, priority; 0.5 % bad phones)
 * uploaded to POST /api/imports as manager1 with round-robin assignment, then the same file again
 * (every row now an update). The imported leads are deleted afterwards, so the bench database stays
 * the large seed for the next run.
 */
async function runImport(): Promise<ImportBench> {
  const server = await startServer('on');
  const tag = `bench-${Date.now().toString(36)}`;
  try {
    const lines = ['First Name,Last Name,Phone,Email,Company,Priority'];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      // Area code 917, exchanges 200-209: numbers the seed does not make.
      const phone = i % 200 === 199 ? '555-01' : `(917) ${200 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`;
      lines.push(`Bench${i},Importer,${phone},bench${i}.${tag}@example.com,"Bench Co, ${i % 500}",${1 + (i % 5)}`);
    }
    const file = Buffer.from(lines.join('\n'));
    const cookie = await signIn({ email: 'manager1@callpace.test', password: 'callpace-demo' });
    const upload = async () => {
      const options = encodeURIComponent(JSON.stringify({ fileName: `${tag}.csv`, assign: { mode: 'round_robin' } }));
      const started = performance.now();
      const response = await fetch(`${BASE}/api/imports?id=${randomUUID()}&options=${options}`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv', origin: BASE }, body: file });
      const ms = Math.round(performance.now() - started);
      const body = (await response.json()) as { import?: { inserted: number; updated: number; invalid: number }; error?: { message: string } };
      if (!response.ok || !body.import) throw new Error(`import failed: ${response.status} ${body.error?.message}`);
      return { ms, ...body.import };
    };
    const first = await upload();
    say(`import of ${IMPORT_ROWS} rows: ${first.ms} ms (${first.inserted} new, ${first.updated} updated, ${first.invalid} invalid)`);
    const again = await upload();
    say(`same file again: ${again.ms} ms (${again.inserted} new, ${again.updated} updated)`);
    return { rows: IMPORT_ROWS, bytes: file.byteLength, first: { ms: first.ms, inserted: first.inserted, updated: first.updated, invalid: first.invalid }, again: { ms: again.ms, inserted: again.inserted, updated: again.updated } };
  } finally {
    server.kill();
    await new Promise((resolve) => server.once('exit', resolve));
    const db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query('DELETE FROM leads WHERE source = $1', [`Import: ${tag}.csv`]);
    await db.end();
  }
}

async function main() {
  if (values.only !== 'vitals') await prepareDatabase();
  build();
  say(`${CONNECTIONS} connections, ${DURATION} s per endpoint after a 2 s warm-up`);
  // One set of endpoints for both phases; the search at 1 connection (≈ server time) only matters
  // uncached, and the write goes last, after every read.
  // As the dashboard's "30 days" asks it: up to the current minute (so the range runs to now), cut at any minute.
  const callReportPath = () => {
    const to = Math.ceil(Date.now() / 60_000) * 60_000;
    return `/api/reports/calls?from=${new Date(to - 30 * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`;
  };
  const endpoints = (dataCache: 'on' | 'off') => ({ cursors, ids, queries, nextWriter }: Sample): Endpoint[] => {
    const nextPage = cycle(cursors);
    const nextLead = cycle(ids);
    const nextQuery = cycle(queries);
    const search = () => ({ path: `/api/leads?q=${encodeURIComponent(nextQuery())}` });
    return [
      { name: 'empty route handler', signedIn: false, next: () => ({ path: '/api/bench/empty' }) },
      { name: 'empty route handler with the instrumentation wrapper', signedIn: false, next: () => ({ path: '/api/bench/instrumented' }) },
      { name: 'GET /api/leads (every queue page)', next: () => ({ path: queuePath(nextPage()) }) },
      { name: 'GET /api/leads?q=', next: search },
      ...(dataCache === 'off' ? [{ name: 'GET /api/leads?q= at 1 connection (server time)', connections: 1, next: search }] : []),
      { name: 'GET /api/leads/[id]', next: () => ({ path: `/api/leads/${nextLead()}` }) },
      // The managers' call results over the large seed: a 30-day range of manager1's team, at 1 connection (≈ server time).
      { name: 'GET /api/reports/calls, 30 days, team (1 connection)', connections: 1, user: { email: 'manager1@callpace.test', password: 'callpace-demo' }, next: () => ({ path: callReportPath() }) },
      ...(dataCache === 'on'
        ? [{
            name: 'POST /api/calls, one agent',
            method: 'POST' as const,
            next: () => ({ path: '/api/calls', body: JSON.stringify({ clientId: randomUUID(), leadId: nextLead(), outcome: 'no_answer', durationSec: 20 }) }),
          }, {
            name: `POST /api/calls, ${WRITERS} agents`,
            method: 'POST' as const,
            next: () => {
              const { cookie, leadId } = nextWriter!();
              return { path: '/api/calls', cookie, body: JSON.stringify({ clientId: randomUUID(), leadId, outcome: 'no_answer', durationSec: 20 }) };
            },
          }]
        : []),
    ];
  };

  // Reads without the cache first: the call writes of the second phase leave dead rows behind until autovacuum.
  const runs = (part: string) => !values.only || values.only === part;
  const api = runs('api');
  const uncachedRows = api ? await runPhase('off', endpoints('off')) : [];
  const cachedRows = api ? await runPhase('on', endpoints('on')) : [];

  const drain = runs('outbox') ? await runOutboxDrain() : null;
  const vitals = runs('vitals') ? await runVitals() : null;
  const imported = runs('import') ? await runImport() : null;

  const table = (title: string, rows: Row[]) => {
    console.log(`\n${title}\n\n| endpoint | conn | req/s | × empty handler | p50 ms | p95 ms | p99 ms | errors |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.connections} | ${row.rps.toFixed(0)} | ${row.ratio!.toFixed(2)} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} |`);
    }
  };
  if (api) {
    table('Data cache on (as served)', cachedRows);
    table('Data cache off (every read from PostgreSQL)', uncachedRows);
  }
  if (vitals) {
    table('Beacon ingest (rate limit checked in Redis, samples written in batches)', vitals.ingest);
    console.log(`\nAccepted ${vitals.ingestStored.accepted} beacons (${vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon} samples); stored after SIGTERM: ${vitals.ingestStored.stored}`);
    table(`Field report over ${(vitals.fieldSamples / 1e6).toFixed(1)}M samples (28-day windows; 1 connection, so p50 ≈ server time)`, vitals.report);
  }
  if (imported) {
    console.log(`\nCSV import of ${imported.rows.toLocaleString('en-US')} rows (${(imported.bytes / 1024 / 1024).toFixed(1)} MB), round-robin: ${imported.first.ms} ms, ${Math.round(imported.rows / (imported.first.ms / 1000)).toLocaleString('en-US')} rows/s (${imported.first.inserted} new, ${imported.first.invalid} invalid); the same file again (all updates): ${imported.again.ms} ms`);
  }
  if (drain) console.log(`\nOutbox drain: ${drain.calls} calls queued offline in Chromium, drained in ${drain.drainMs} ms after reconnect (${drain.perCallMs.toFixed(1)} ms per call); server rows afterwards: ${drain.rows} (expected exactly ${drain.calls})`);

  mkdirSync('reports', { recursive: true });
  const file = path.join('reports', 'bench.json');
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), database: new URL(DATABASE_URL).pathname.slice(1), durationSec: DURATION, connections: CONNECTIONS, cached: cachedRows, uncached: uncachedRows, outboxDrain: drain, vitals, import: imported }, null, 2));
  say(`wrote ${file}`);
  if (drain && drain.rows !== drain.calls) {
    say(`outbox drain stored ${drain.rows} rows for ${drain.calls} calls: replay is not exactly once`);
    process.exitCode = 1;
  }
  // More may be stored than counted: beacons still in flight when a measurement ends are stored but not counted.
  if (vitals && vitals.ingestStored.stored < vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon) {
    say(`stored ${vitals.ingestStored.stored} samples of ${vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon} accepted: samples were lost`);
    process.exitCode = 1;
  }
  if ([...cachedRows, ...uncachedRows, ...(vitals ? [...vitals.ingest, ...vitals.report] : [])].some((row) => row.errors > 0)) {
    say('some requests failed: figures with errors are not comparable');
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
