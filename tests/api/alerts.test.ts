import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultRules, evaluateAlerts } from '@/lib/alerts/evaluate';
import { deliverWebhook } from '@/lib/alerts/webhook';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { applyRetention } from '@/lib/jobs/retention';
import { bucketOf } from '@/lib/platform/metrics/histogram';

// The receivers listen on loopback; set before any module reads (and caches) the environment.
vi.hoisted(() => {
  process.env.ALERT_WEBHOOK_ALLOW_PRIVATE = 'on';
});

let sql: SqlRunner;

/** A local webhook receiver answering with the given statuses in turn (then 200). */
function receiver(statuses: number[]) {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  return new Promise<{ url: string; bodies: unknown[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => server.close() }),
    ),
  );
}

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(() => sql.close());

describe('alert webhooks', () => {
  it('retries with backoff on 5xx until the receiver takes it', async () => {
    const hook = await receiver([503, 502]);
    const result = await deliverWebhook(hook.url, { hello: 'world' }, { baseDelayMs: 10, allowPrivate: true });
    hook.close();
    expect(result).toEqual({ delivered: true, attempts: 3, lastStatus: 200 });
    expect(hook.bodies).toEqual([{ hello: 'world' }, { hello: 'world' }, { hello: 'world' }]);
  });

  it('does not retry a refusal (4xx other than 429), and gives up after the last attempt', async () => {
    const refused = await receiver([400]);
    expect(await deliverWebhook(refused.url, {}, { baseDelayMs: 10, allowPrivate: true })).toEqual({
      delivered: false,
      attempts: 1,
      lastStatus: 400,
    });
    refused.close();
    const down = await receiver([500, 500, 500]);
    expect(await deliverWebhook(down.url, {}, { attempts: 3, baseDelayMs: 10, allowPrivate: true })).toEqual({
      delivered: false,
      attempts: 3,
      lastStatus: 500,
    });
    down.close();
  });
});

describe('alert evaluation', () => {
  it('creates the default rules from the budget file once', async () => {
    await evaluateAlerts();
    await evaluateAlerts();
    const names = (await db.alertRule.findMany({ select: { name: true } })).map((rule) => rule.name);
    for (const rule of defaultRules()) expect(names.filter((name) => name === rule.name)).toHaveLength(1);
  });

  it('raises an alert after consecutive breaching windows, keeps every transition, resolves, and calls the webhook', async () => {
    const route = `/api/synthetic-${randomUUID().slice(0, 8)}`;
    const hook = await receiver([]);
    const rule = await db.alertRule.create({
      data: {
        name: `Synthetic ${route}`,
        source: 'API_LATENCY',
        metric: 'api:p95',
        scope: { route },
        warning: 100,
        critical: 400,
        minSamples: 50,
        consecutiveBreaches: 2,
        windowMinutes: 5,
        webhookUrl: hook.url,
      },
    });
    const start = Math.floor(Date.now() / 60_000) * 60_000 + 60 * 60_000; // an hour ahead: no other data there
    const write = async (fromMinute: number, toMinute: number, ms: number) => {
      for (let m = fromMinute; m < toMinute; m++) {
        await sql.query(
          'INSERT INTO request_histograms (minute, route, method, status_class, bucket, count, sum) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [new Date(start + m * 60_000), route, 'GET', '2xx', bucketOf(ms), 40, ms * 40],
        );
      }
    };
    await write(0, 10, 600); // slow for ten minutes
    const at = (minute: number) => new Date(start + minute * 60_000);
    const states = async () => (await db.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).state;

    await evaluateAlerts(at(1)); // 40 samples: under the minimum, says nothing
    expect(await states()).toBe('OK');
    await evaluateAlerts(at(3)); // first breaching window
    expect(await states()).toBe('OK');
    const raised = await evaluateAlerts(at(4)); // second in a row: critical
    expect(raised.find((t) => t.ruleId === rule.id)).toMatchObject({ from: 'OK', to: 'CRITICAL', samples: 160 });
    expect(await states()).toBe('CRITICAL');

    await write(10, 20, 20); // fast again
    await evaluateAlerts(at(16));
    expect(await states()).toBe('RESOLVED');

    const events = await db.alertEvent.findMany({ where: { ruleId: rule.id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => `${e.fromState}→${e.toState}`)).toEqual(['OK→CRITICAL', 'CRITICAL→RESOLVED']);
    expect(events[0].value).toBeGreaterThanOrEqual(600 * 0.97);
    expect(events[0].message).toMatch(/≥ critical 400/);

    await expect.poll(() => hook.bodies.length, { timeout: 5_000 }).toBe(2);
    expect(hook.bodies[0]).toMatchObject({ type: 'callpace.alert', rule: rule.name, from: 'OK', to: 'CRITICAL', critical: 400 });
    hook.close();
  });
});

describe('retention', () => {
  it('deletes only what is older than each limit', async () => {
    const mark = `retention-${randomUUID().slice(0, 8)}`;
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    for (const days of [91, 89]) {
      await sql.query(
        'INSERT INTO request_histograms (minute, route, method, status_class, bucket, count, sum) VALUES ($1, $2, $3, $4, 10, 1, 1)',
        [ago(days), `/${mark}`, 'GET', '2xx'],
      );
    }
    for (const days of [400, 390]) {
      await sql.query(
        "INSERT INTO vital_histograms (hour, metric, route, device, release, bucket, count, sum) VALUES (date_trunc('hour', $1::timestamptz), 'LCP', '/queue', 'mobile', $2, 10, 1, 1)",
        [ago(days), mark],
      );
      await sql.query(
        "INSERT INTO vital_histograms_daily (day, metric, route, device, release, bucket, count, sum) VALUES ($1::date, 'LCP', '/queue', 'mobile', $2, 10, 1, 1)",
        [ago(days).toISOString().slice(0, 10), mark],
      );
    }
    for (const days of [31, 29]) {
      await sql.query(
        "INSERT INTO vital_samples (sample_id, metric, value, route, device, release, at) VALUES ($1, 'LCP', 1, '/queue', 'mobile', $2, $3)",
        [randomUUID(), mark, ago(days)],
      );
      await sql.query("INSERT INTO slow_queries (action, duration_ms, statement, at) VALUES ('findMany', 150, $1, $2)", [mark, ago(days)]);
    }
    await applyRetention(now, { rawVitalsDays: 30, requestHistogramDays: 90, vitalHistogramDays: 396, slowQueryDays: 30 });
    const count = async (query: string) => Number((await sql.query<{ n: string }>(query, [mark]))[0].n);
    expect(await count("SELECT count(*) AS n FROM request_histograms WHERE route = '/' || $1")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM vital_histograms WHERE release = $1')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM vital_histograms_daily WHERE release = $1')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM vital_samples WHERE release = $1')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM slow_queries WHERE statement = $1')).toBe(1);
  });
});
