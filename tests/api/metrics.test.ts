import { randomUUID } from 'node:crypto';
// @ts-expect-error -- the parser ships without types
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { sql as kysql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as leads } from '@/app/api/leads/route';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { argumentShape, statementShape } from '@/lib/platform/metrics/query-timing';
import { persistRequestHistograms, RequestHistograms } from '@/lib/platform/metrics/request-histograms';
import { slowQueryLog } from '@/lib/platform/metrics/slow-queries';
import { vitalsWriter } from '@/lib/vitals/writer';
import { quantileFromBuckets, RELATIVE_ERROR_BOUND } from '@/lib/platform/metrics/histogram';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let manager: string;
let agent: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent1@callpace.test')]);
});
afterAll(() => sql.close());

describe('GET /api/metrics', () => {
  it('answers Prometheus text that parses, with runtime gauges, request, query and cache metrics', async () => {
    await invoke(leads, '/api/leads?limit=5', { cookie: agent });
    await invoke(leads, '/api/leads?limit=5', { cookie: agent });
    const result = await invoke(metricsRoute, '/api/metrics', { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families: {
      name: string;
      type: string;
      metrics: { labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }[];
    }[] = parsePrometheusTextFormat(result.json);
    const byName = new Map(families.map((family) => [family.name, family]));
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    const http = byName.get('callpace_http_request_duration_seconds')!;
    expect(http.type).toBe('HISTOGRAM');
    // The parser folds labelled histograms into their buckets and drops the labels, so the request count
    // per route is read from the _count line itself.
    const text = result.json as string;
    const count =
      /^callpace_http_request_duration_seconds_count\{(?=[^}]*route="\/api\/leads")(?=[^}]*method="GET")(?=[^}]*status_class="2xx")[^}]*\} (\d+)$/m.exec(
        text,
      );
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(2);
    expect(byName.get('callpace_db_query_duration_seconds')!.type).toBe('HISTOGRAM');
    // Raw SQL is timed too: Kysely's statements reach Prisma as $queryRawUnsafe / $executeRawUnsafe.
    expect(text).toMatch(/^callpace_db_query_duration_seconds_count\{[^}]*action="\$(queryRaw|queryRawUnsafe)"[^}]*\} [1-9]\d*$/m);
    const cache = byName.get('callpace_cache_requests_total')!;
    // Outside Next (here) the data cache cannot store, so every read is a miss; hits are counted in the e2e server.
    expect(cache.metrics.find((m) => m.labels?.result === 'miss' && m.labels.namespace)).toBeDefined();
  });

  it('is for scrapers with the token or signed-in managers: 401 without, 401 with a wrong token, 403 for agents', async () => {
    expect((await invoke(metricsRoute, '/api/metrics')).status).toBe(401);
    expect((await invoke(metricsRoute, '/api/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await invoke(metricsRoute, '/api/metrics', { cookie: agent })).status).toBe(403);
    expect((await invoke(metricsRoute, '/api/metrics', { cookie: manager })).status).toBe(200);
  });

  it('counts the field samples waiting to be written', async () => {
    const writer = vitalsWriter();
    await writer.flush();
    writer.add([
      {
        sampleId: randomUUID(),
        metric: 'LCP',
        value: 1200,
        rating: 'good',
        route: '/queue',
        device: 'mobile',
        connection: null,
        release: 'test',
        navigationType: null,
        attribution: null,
        replayed: false,
        at: new Date(),
      },
    ]);
    const result = await invoke(metricsRoute, '/api/metrics', { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    expect(result.json as string).toMatch(/^callpace_vitals_samples_waiting 1$/m);
    await writer.flush();
  });

  it('answers JSON for people with ?format=json', async () => {
    const result = await invoke(metricsRoute, '/api/metrics?format=json', { cookie: manager });
    expect(result.status).toBe(200);
    expect(result.json.metrics.map((m: { name: string }) => m.name)).toContain('callpace_http_request_duration_seconds');
  });
});

describe('request timing', () => {
  it('answers a manager’s API requests with Server-Timing (db, cache, total), an agent’s without', async () => {
    expect((await invoke(leads, '/api/leads?limit=5', { cookie: agent })).headers.get('server-timing')).toBeNull();
    const result = await invoke(leads, '/api/leads?limit=5', { cookie: manager });
    const header = result.headers.get('server-timing')!;
    expect(header).toMatch(/^db;dur=\d+\.\d;desc="\d+ quer(y|ies)", cache;dur=\d+\.\d;desc="\d+ hit, \d+ miss", total;dur=\d+\.\d$/);
    const durations = Object.fromEntries([...header.matchAll(/(\w+);dur=([\d.]+)/g)].map(([, name, ms]) => [name, Number(ms)]));
    const { db, total } = durations;
    expect(db).toBeLessThanOrEqual(total);
  });

  it('merges histogram rows written by two instances into the percentiles of all their requests', async () => {
    const route = `/api/test-${randomUUID().slice(0, 8)}`;
    const a = new RequestHistograms(persistRequestHistograms);
    const b = new RequestHistograms(persistRequestHistograms);
    const at = Date.now();
    const latencies = Array.from({ length: 400 }, (_, i) => 2 + ((i * 7919) % 997) / 10);
    latencies.forEach((ms, i) => (i % 3 ? a : b).record(route, 'GET', i % 50 ? 200 : 503, ms, at));
    await Promise.all([a.flush(), b.flush()]);
    const rows = await sql.query<{ bucket: number; n: string; status_class: string }>(
      'SELECT bucket, status_class, sum(count)::text AS n FROM request_histograms WHERE route = $1 GROUP BY bucket, status_class',
      [route],
    );
    const buckets = new Map<number, number>();
    for (const row of rows) buckets.set(row.bucket, (buckets.get(row.bucket) ?? 0) + Number(row.n));
    expect([...buckets.values()].reduce((sum, n) => sum + n, 0)).toBe(latencies.length);
    expect(rows.filter((row) => row.status_class === '5xx').reduce((sum, row) => sum + Number(row.n), 0)).toBe(8);
    const sorted = [...latencies].sort((x, y) => x - y);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1];
      expect(Math.abs(quantileFromBuckets(buckets, q)! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND + 1e-9);
    }
  });
});

describe('query timing', () => {
  it('keeps slow queries with their shape and never their values', async () => {
    const secret = `secret-${randomUUID()}`;
    await kysql`SELECT pg_sleep(0.15)::text AS slept, ${secret}::text AS marker`.execute(db.$kysely);
    await slowQueryLog().flush();
    const [row] = await sql.query<{ action: string; statement: string; duration_ms: number }>(
      "SELECT action, statement, duration_ms FROM slow_queries WHERE statement LIKE '%pg_sleep%' ORDER BY at DESC LIMIT 1",
    );
    // Kysely's SQL reaches Prisma as $queryRawUnsafe with its parameters apart.
    expect(row.action).toBe('$queryRawUnsafe');
    // The SQL as written, with the parameter's placeholder and literal numbers as `?`.
    expect(row.statement).toBe('$queryRawUnsafe SELECT pg_sleep(?)::text AS slept, ?::text AS marker');
    expect(row.statement).not.toContain(secret);
    expect(row.duration_ms).toBeGreaterThanOrEqual(150);
    const all = await sql.query<{ statement: string }>('SELECT statement FROM slow_queries');
    expect(JSON.stringify(all)).not.toContain(secret);
  });

  it.each([
    [
      'a model call',
      statementShape('Lead', 'findMany', { where: { email: 'ann@example.com', status: { in: ['NEW'] } }, take: 50 }),
      'Lead.findMany {where:{email:?,status:{in:[?]}},take:?}',
    ],
    [
      'raw SQL with literals',
      statementShape(undefined, '$queryRawUnsafe', ["SELECT * FROM leads WHERE email = 'ann@example.com' AND score > 40"]),
      '$queryRawUnsafe SELECT * FROM leads WHERE email = ? AND score > ?',
    ],
    [
      'Kysely SQL with placeholders',
      statementShape(undefined, '$queryRawUnsafe', ['select "id" from "leads" where "owner_id" = $1 limit $12', 'x', 5]),
      '$queryRawUnsafe select "id" from "leads" where "owner_id" = ? limit ?',
    ],
    ['nested arrays and dates', argumentShape({ data: [{ at: new Date(), phone: '+15551234567' }] }), '{data:[{at:?,phone:?}]}'],
  ])('gives %s as a shape without values', (_, shape, expected) => {
    expect(shape).toBe(expected);
  });
});
