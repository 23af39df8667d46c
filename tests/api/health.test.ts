import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existingSingleton, forgetSingleton } from '@/lib/platform/runtime/singleton';

const original = { ...process.env };

/** Loads the route in a fresh module graph, so the db and Redis clients are built from `env`. */
async function getHealth(
  path: 'health' | 'health/detailed',
  env: Record<string, string> = {},
  headers: Record<string, string> = { authorization: `Bearer ${process.env.METRICS_TOKEN}` },
) {
  vi.resetModules();
  forgetSingleton('db-clients');
  forgetSingleton('redis');
  Object.assign(process.env, env);
  const { GET } = await import(`@/app/api/${path}/route`);
  const response: Response = await GET(new NextRequest(`http://localhost/api/${path}`, { headers }), { params: Promise.resolve({}) });
  return { status: response.status, body: await response.json() };
}

afterEach(async () => {
  await existingSingleton<{ base: { $disconnect(): Promise<void> } }>('db-clients')
    ?.base.$disconnect()
    .catch(() => {});
  await existingSingleton<{ close(): Promise<void> }>('redis')?.close();
  process.env = { ...original };
});

describe('GET /api/health', () => {
  it('answers 200 without touching dependencies', async () => {
    const result = await getHealth('health', { DATABASE_URL: 'postgresql://nobody@127.0.0.1:5999/none' });
    expect(result).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('GET /api/health/detailed', () => {
  it.each([
    ['no credentials', {}],
    ['a wrong token', { authorization: 'Bearer not-the-metrics-token-at-all' }],
  ])('gives the status alone with %s', async (_, headers: Record<string, string>) => {
    const { status, body } = await getHealth('health/detailed', {}, headers);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'healthy' });
  });

  it('is healthy with the database, migrations and Redis up', async () => {
    const { status, body } = await getHealth('health/detailed');
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.checks.database).toMatchObject({ status: 'up', latencyMs: expect.any(Number) });
    expect(body.checks.migrations.status).toBe('up');
    expect(body.checks.replica).toEqual({ status: 'not_configured' });
    expect(body.checks.redis).toMatchObject({ status: 'up', mode: 'tcp' });
    expect(body.checks.runtime).toMatchObject({
      heapUsedMb: expect.any(Number),
      rssMb: expect.any(Number),
      uptimeSeconds: expect.any(Number),
    });
    expect(body.checks.runtime.eventLoopDelayMs).toMatchObject({ p99Ms: expect.any(Number) });
    expect(body.release).toEqual(expect.any(String));
  });

  it('says Redis is not configured when it is not', async () => {
    const { body } = await getHealth('health/detailed', { REDIS_URL: '' });
    expect(body.status).toBe('healthy');
    expect(body.checks.redis).toEqual({ status: 'not_configured', mode: 'none' });
  });

  it('is degraded (200) when Redis is down', async () => {
    const { status, body } = await getHealth('health/detailed', { REDIS_URL: 'redis://127.0.0.1:6399' });
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.checks.redis.status).toBe('down');
    expect(body.checks.redis.error).toMatch(/not reachable/);
  });

  it('is unhealthy (503) when the database is down', async () => {
    const { status, body } = await getHealth('health/detailed', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5999/callpace' });
    expect(status).toBe(503);
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database.status).toBe('down');
  });

  it('shows the status alone, with the same HTTP status, without the metrics token or a manager', async () => {
    expect(await getHealth('health/detailed', {}, {})).toEqual({ status: 200, body: { status: 'healthy' } });
    expect(await getHealth('health/detailed', {}, { authorization: 'Bearer wrong-token-wrong-token-0000' })).toEqual({
      status: 200,
      body: { status: 'healthy' },
    });
    expect(await getHealth('health/detailed', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5999/callpace' }, {})).toEqual({
      status: 503,
      body: { status: 'unhealthy' },
    });
  });
});
