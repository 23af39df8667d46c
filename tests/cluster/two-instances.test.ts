/**
 * Two production servers (`npm start` on two ports) on one PostgreSQL and one Redis behave as one app:
 * what is written on A is read on B within a second (B had it cached), an invalidation on one instance
 * reaches the other, rate limits count across both, and both answer with the same ETags.
 * Needs the production build (`next build`): `npm test` runs it after building, through
 * vitest.cluster.config.mts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, waitForHealthy } from '../../scripts/http-session';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';

const REDIS_URL = process.env.CLUSTER_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const PORTS = [Number(process.env.CLUSTER_PORT ?? 3211), Number(process.env.CLUSTER_PORT ?? 3211) + 1];
const WRITES_PER_MINUTE = 30;
const base = PORTS.map((port) => `http://127.0.0.1:${port}`);
const [A, B] = [0, 1];

let database: { name: string; url: string };
const servers: ChildProcess[] = [];

function startInstance(i: number): ChildProcess {
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      DEMO_DATA: 'on',
      REDIS_URL,
      PORT: String(PORTS[i]),
      AUTH_SECRET: 'cluster-test-secret-cluster-test-secret-0123',
      WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
      JOBS: i === A ? 'on' : 'off',
      LOG_LEVEL: 'warn',
      TRUSTED_PROXIES: 'loopback',
      SERVER_TIMING: 'on',
    },
  });
  servers.push(server);
  return server;
}

async function call(i: number, path: string, init: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(base[i] + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json', origin: base[i] }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON
  const json: any = text ? JSON.parse(text) : null;
  return {
    status: response.status,
    headers: response.headers,
    json,
    cache: /cache;[^,]*desc="(\d+) hit, (\d+) miss"/.exec(response.headers.get('server-timing') ?? ''),
  };
}

const signIn = (i: number, email: string) => signInOverHttp(base[i], email, `10.9.${i}.${Math.floor(Math.random() * 250)}`);

/** Polls `read` until `done` holds; returns how long that took in ms (or fails after `limitMs`). */
async function within(limitMs: number, read: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await read())) {
    if (performance.now() - started > limitMs) throw new Error(`not seen within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return performance.now() - started;
}

beforeAll(async () => {
  database = await createTestDatabase('callpace_cluster');
  // Each instance uses its own Redis keys per database, but start from an empty Redis database all the same.
  const { createRedis } = await import('../../lib/platform/redis/client');
  const redis = createRedis({ REDIS_URL });
  await redis.redis!.flushdb();
  await redis.close();
  // A migrates and seeds the empty database; B starts once A is up, as a second replica would.
  await waitForHealthy(base[A], startInstance(A));
  await waitForHealthy(base[B], startInstance(B));
}, 300_000);

afterAll(async () => {
  for (const server of servers) {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1_500));
  if (database) await dropTestDatabase(database.name);
});

describe('two instances, one app', () => {
  it('shows a call logged on A in B’s queue and dashboard within one second', async () => {
    const agent = await signIn(A, 'agent1@callpace.test');
    const manager = await signIn(B, 'manager1@callpace.test');
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const dashboard = `/api/reports/calls?from=${from}&to=${to}`;

    // B reads the queue and the dashboard twice: the second read of each is a cache hit.
    const queue = await call(B, '/api/leads?limit=100', { cookie: agent });
    expect(queue.json.nextCursor).toBeNull(); // the whole queue is on this page
    expect((await call(B, '/api/leads?limit=100', { cookie: agent })).cache?.[1]).toBe('1');
    const before = await call(B, dashboard, { cookie: manager });
    const cachedDashboard = await call(B, dashboard, { cookie: manager });
    expect(Number(cachedDashboard.cache?.[1])).toBeGreaterThan(0);
    expect(cachedDashboard.cache?.[2]).toBe('0');

    const lead = queue.json.items.find((item: { inCallingHours: boolean }) => item.inCallingHours) ?? queue.json.items[0];
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const logged = await call(A, '/api/calls', {
      cookie: agent,
      body: { clientId: randomUUID(), leadId: lead.id, outcome: 'no_answer', durationSec: 0, startedAt },
    });
    expect(logged.status).toBe(201);

    // No answer: the lead waits for its retry time (the team's calling rules), so it leaves B's queue.
    const queueMs = await within(1_000, async () => {
      const after = await call(B, '/api/leads?limit=100', { cookie: agent });
      return !after.json.items.some((item: { id: string }) => item.id === lead.id);
    });
    const dashboardMs = await within(
      1_000,
      async () => (await call(B, dashboard, { cookie: manager })).json.totals.calls === before.json.totals.calls + 1,
    );
    console.log(`B saw the call in its queue after ${queueMs.toFixed(0)} ms and on its dashboard after ${dashboardMs.toFixed(0)} ms`);
  });

  it('carries an invalidation from one instance to the other', async () => {
    const manager = await signIn(A, 'manager1@callpace.test');
    const agent = await signIn(B, 'agent2@callpace.test');
    const { json: queue } = await call(B, '/api/leads?limit=5', { cookie: agent });
    const lead = queue.items[0];
    const path = `/api/leads/${lead.id}`;
    await call(B, path, { cookie: agent });
    const cachedRead = await call(B, path, { cookie: agent });
    expect(cachedRead.cache?.[1]).toBe('2'); // the lead, and its owner's calling rules

    // The manager changes the lead's priority on A (a bulk change: it invalidates every lead list and lead).
    const priority = lead.priority === 5 ? 1 : 5;
    const changed = await call(A, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids: [lead.id] }, change: { action: 'priority', priority } },
    });
    expect(changed.status).toBe(200);

    const fresh = await call(B, path, { cookie: agent });
    expect(fresh.cache?.[2]).toBe('1'); // a miss: B's entry was dropped by A's write
    expect(fresh.json.priority).toBe(priority);
    expect((await call(B, path, { cookie: agent })).cache?.[1]).toBe('2'); // and cached again
  });

  it('answers with the same ETag on both instances, and 304 to a client that holds it', async () => {
    const agent = await signIn(A, 'agent3@callpace.test');
    const onA = await call(A, '/api/leads?limit=20', { cookie: agent });
    const onB = await call(B, '/api/leads?limit=20', { cookie: agent });
    expect(onA.headers.get('etag')).toBeTruthy();
    expect(onB.headers.get('etag')).toBe(onA.headers.get('etag'));
    expect(onA.headers.get('cache-control')).toBe('private, no-cache');
    const revalidated = await fetch(`${base[B]}/api/leads?limit=20`, {
      headers: { cookie: agent, 'if-none-match': onA.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  it('serves hashed static assets as immutable, and icons for a week', async () => {
    const html = await (await fetch(`${base[B]}/login`)).text();
    const script = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(script).toBeTruthy();
    const response = await fetch(base[A] + script);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Icons keep fixed names: cached for a week, refreshed in the background.
    expect((await fetch(`${base[B]}/icons/icon-192.png`)).headers.get('cache-control')).toBe(
      'public, max-age=604800, stale-while-revalidate=86400',
    );
  });

  it('counts sign-in failures across instances', async () => {
    const attempt = (i: number) =>
      fetch(`${base[i]}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base[i], 'x-forwarded-for': '10.7.7.7' },
        body: JSON.stringify({ email: 'agent5@callpace.test', password: 'wrong-password' }),
      });
    // Five failures, alternating instances, are each a plain 401; the sixth is refused on either.
    for (let n = 0; n < 5; n += 1) expect((await attempt(n % 2)).status).toBe(401);
    for (const i of [A, B]) {
      const refused = await attempt(i);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('signs out on A and B refuses the same cookie at once, though B had just verified it', async () => {
    const agent = await signIn(A, 'agent7@callpace.test');
    expect((await call(B, '/api/leads?limit=1', { cookie: agent })).status).toBe(200);
    expect((await call(A, '/api/auth/sign-out', { cookie: agent, body: {} })).status).toBe(200);
    expect(await within(250, async () => (await call(B, '/api/leads?limit=1', { cookie: agent })).status === 401)).toBeLessThan(250);
  });

  it('ends a deactivated user’s sessions on both instances within a second', async () => {
    const agent = await signIn(A, 'agent8@callpace.test');
    for (const i of [A, B]) expect((await call(i, '/api/leads?limit=1', { cookie: agent })).status).toBe(200);
    // What lib/users/deactivate does (it is server-only): the row, the sessions, then the event.
    const { openSqlRunner } = await import('../../lib/platform/db/sql');
    const sql = await openSqlRunner({ kind: 'postgres', url: database.url, poolSize: 1 });
    const [{ id }] = await sql.query<{ id: string }>("UPDATE users SET active = false WHERE email = 'agent8@callpace.test' RETURNING id");
    await sql.exec(`DELETE FROM sessions WHERE user_id = '${id}'`);
    await sql.close();
    const { default: IORedis } = await import('ioredis');
    const publisher = new IORedis(REDIS_URL);
    await publisher.publish('callpace:sessions', `user deactivated ${id}`);
    publisher.disconnect();
    for (const i of [A, B])
      expect(await within(1_000, async () => (await call(i, '/api/leads?limit=1', { cookie: agent })).status === 401)).toBeLessThan(1_000);
  });

  it('counts writes across instances', async () => {
    const agent = await signIn(A, 'agent6@callpace.test');
    const { json: queue } = await call(A, '/api/leads?limit=1', { cookie: agent });
    const reserve = (i: number) => call(i, `/api/leads/${queue.items[0].id}/reservation`, { cookie: agent, body: {} });
    for (let n = 0; n < WRITES_PER_MINUTE; n += 1) expect((await reserve(n % 2)).status).toBe(200);
    for (const i of [A, B]) {
      const refused = await reserve(i);
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
