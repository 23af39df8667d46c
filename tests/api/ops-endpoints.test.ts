import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { csvCell } from '@/lib/platform/csv/rows';
import { csvResponse } from '@/lib/platform/csv/response';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

const original = { ...process.env };
let manager: string;
let agent: string;

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent2@callpace.test')]);
});
afterEach(() => {
  process.env = { ...original };
});

/** Loads a route in a fresh module graph, so getEnv() reads `env`. */
async function route(path: string, env: Record<string, string> = {}) {
  vi.resetModules();
  Object.assign(process.env, env);
  return (await import(`@/app/api/${path}/route`)) as { GET: Parameters<typeof invoke>[0] };
}

describe('/api/bench/*', () => {
  it.each(['empty', 'instrumented'])('/api/bench/%s is 404 without BENCH=on and 204 with it', async (name) => {
    const off = await invoke((await route(`bench/${name}`)).GET, `/api/bench/${name}`);
    expect(off.status).toBe(404);
    expect(off.json.error.code).toBe('not_found');
    expect((await invoke((await route(`bench/${name}`, { BENCH: 'on' })).GET, `/api/bench/${name}`)).status).toBe(204);
  });
});

describe('Server-Timing', () => {
  it('goes to managers, not to agents or anonymous clients', async () => {
    const { GET } = await route('leads');
    expect((await invoke(GET, '/api/leads?limit=5', { cookie: agent })).headers.get('server-timing')).toBeNull();
    expect((await invoke(GET, '/api/leads?limit=5')).headers.get('server-timing')).toBeNull();
    expect((await invoke(GET, '/api/leads?limit=5', { cookie: manager })).headers.get('server-timing')).toMatch(/^db;dur=.*total;dur=/);
  });

  it('goes to everyone with SERVER_TIMING=on', async () => {
    const { GET } = await route('leads', { SERVER_TIMING: 'on' });
    expect((await invoke(GET, '/api/leads?limit=5', { cookie: agent })).headers.get('server-timing')).toMatch(/^db;dur=/);
    const bench = await route('bench/instrumented', { SERVER_TIMING: 'on', BENCH: 'on' });
    expect((await invoke(bench.GET, '/api/bench/instrumented')).headers.get('server-timing')).toMatch(/^db;dur=0\.0;desc="0 queries"/);
  });
});

describe('GET /api/health/detailed', () => {
  it('gives every check to the metrics token and to managers, the status alone to agents and strangers', async () => {
    const { GET } = await route('health/detailed');
    const token = await invoke(GET, '/api/health/detailed', { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
    expect(token.status).toBe(200);
    expect(token.json.checks.database.status).toBe('up');
    expect((await invoke(GET, '/api/health/detailed', { cookie: manager })).json.checks.database.status).toBe('up');
    for (const init of [{}, { cookie: agent }, { headers: { authorization: 'Bearer nope' } }]) {
      const result = await invoke(GET, '/api/health/detailed', init);
      expect(result.status).toBe(200);
      expect(result.json).toEqual({ status: token.json.status });
    }
  });
});

describe('CSV writing', () => {
  it.each([
    ['=cmd()', "'=cmd()"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['+14155550100', '+14155550100'],
    ['-12.5', '-12.5'],
    ['Ada', 'Ada'],
  ])('guards %j as %j', (cell, expected) => expect(csvCell(cell)).toBe(expected));

  it('errors the download when a batch fails after the header, instead of ending a truncated file', async () => {
    async function* batches() {
      yield [['a', 'b']];
      throw new Error('database went away');
    }
    const response = csvResponse('x.csv', ['h1', 'h2'], batches());
    await expect(response.text()).rejects.toThrow(/database went away/);
  });
});
