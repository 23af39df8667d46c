/**
 * Hostile input, generated (fast-check): every route handler gets strings PostgreSQL cannot store, lone
 * surrogates, huge values, numbers where none belong, crafted cursors, odd content types, arrays for
 * objects, deep nesting — signed out, as an agent and as a manager. Not one may answer 5xx, and
 * afterwards the app still works: a good beacon is still stored, a request is still counted.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRunner, type SqlRunner } from '@/lib/db/sql';
import { getEnv } from '@/lib/env';
import { requestHistograms } from '@/lib/metrics/request-histograms';
import { vitalsWriter } from '@/lib/rum/writer';
import { seed } from '@/prisma/seed';
import { signIn } from '../support/http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route modules differ in their params type
type Handler = (request: NextRequest, context: { params: Promise<any> }) => Promise<Response>;
interface Route { name: string; path: string; method: 'GET' | 'POST'; load: () => Promise<Record<string, unknown>>; params?: string[]; keys: string[] }

/**
 * A request each route would accept, so that one hostile field at a time reaches the deep layers (the
 * query, the database) instead of stopping at the first check. `lead` is one of agent1's leads.
 */
const valid: Record<string, (lead: string) => Record<string, unknown>> = {
  // An account no other test signs in as: this suite's hundreds of wrong attempts use up its sign-in limit.
  auth: () => ({ email: 'agent39@callpace.test', password: 'callpace-demo' }),
  calls: (lead) => ({ clientId: randomUUID(), leadId: lead, outcome: 'no_answer', durationSec: 5, notes: 'left a message', engagement: 40 }),
  'exports/calls': () => ({ from: '2026-11-01', to: '2026-12-01' }),
  'exports/leads': () => ({ q: 'smith', status: 'new' }),
  leads: () => ({ q: 'smith', limit: '20' }),
  'reports/calls': () => ({ from: '2026-11-01', to: '2026-12-01' }),
  'reports/vitals': () => ({ from: '2026-11-01', to: '2026-12-01', metric: 'LCP', route: '/queue', device: 'mobile' }),
  'team/leads': () => ({ q: 'smith', limit: '20' }),
  'team/leads/bulk': (lead) => ({ target: { ids: [lead] }, change: { action: 'priority', priority: 2 } }),
  vitals: () => ({ route: '/queue', device: 'mobile', connection: '4g', navigationType: 'navigate', samples: [{ id: randomUUID(), metric: 'LCP', value: 900, attribution: { element: 'main > h1' } }] }),
};

const routes: Route[] = [
  { name: 'auth', path: '/api/auth/sign-in/email', method: 'POST', load: () => import('@/app/api/auth/[...all]/route'), keys: ['email', 'password'] },
  { name: 'auth (other)', path: '/api/auth/update-user', method: 'GET', load: () => import('@/app/api/auth/[...all]/route'), keys: [] },
  { name: 'calls', path: '/api/calls', method: 'POST', load: () => import('@/app/api/calls/route'), keys: ['clientId', 'leadId', 'outcome', 'durationSec', 'engagement', 'notes', 'callbackAt', 'startedAt', 'recordedOffline'] },
  { name: 'exports/calls', path: '/api/exports/calls', method: 'GET', load: () => import('@/app/api/exports/calls/route'), keys: ['from', 'to', 'agentId'] },
  { name: 'exports/leads', path: '/api/exports/leads', method: 'GET', load: () => import('@/app/api/exports/leads/route'), keys: ['status', 'owner', 'priority', 'source', 'q'] },
  { name: 'health/detailed', path: '/api/health/detailed', method: 'GET', load: () => import('@/app/api/health/detailed/route'), keys: [] },
  { name: 'imports', path: '/api/imports', method: 'GET', load: () => import('@/app/api/imports/route'), keys: [] },
  { name: 'imports (upload)', path: '/api/imports', method: 'POST', load: () => import('@/app/api/imports/route'), keys: ['id', 'options'] },
  { name: 'imports/[id]', path: '/api/imports/{id}', method: 'GET', load: () => import('@/app/api/imports/[id]/route'), params: ['id'], keys: [] },
  { name: 'imports/[id]/errors', path: '/api/imports/{id}/errors', method: 'GET', load: () => import('@/app/api/imports/[id]/errors/route'), params: ['id'], keys: [] },
  { name: 'imports/preview', path: '/api/imports/preview', method: 'POST', load: () => import('@/app/api/imports/preview/route'), keys: [] },
  { name: 'leads', path: '/api/leads', method: 'GET', load: () => import('@/app/api/leads/route'), keys: ['cursor', 'limit', 'status', 'q'] },
  { name: 'leads/[id]', path: '/api/leads/{id}', method: 'GET', load: () => import('@/app/api/leads/[id]/route'), params: ['id'], keys: [] },
  { name: 'leads/[id]/reservation', path: '/api/leads/{id}/reservation', method: 'POST', load: () => import('@/app/api/leads/[id]/reservation/route'), params: ['id'], keys: [] },
  { name: 'metrics', path: '/api/metrics', method: 'GET', load: () => import('@/app/api/metrics/route'), keys: ['format'] },
  { name: 'reports/calls', path: '/api/reports/calls', method: 'GET', load: () => import('@/app/api/reports/calls/route'), keys: ['from', 'to', 'agentId'] },
  { name: 'reports/vitals', path: '/api/reports/vitals', method: 'GET', load: () => import('@/app/api/reports/vitals/route'), keys: ['from', 'to', 'metric', 'route', 'device', 'release'] },
  { name: 'team/leads', path: '/api/team/leads', method: 'GET', load: () => import('@/app/api/team/leads/route'), keys: ['status', 'owner', 'priority', 'source', 'q', 'cursor', 'limit'] },
  { name: 'team/leads/bulk', path: '/api/team/leads/bulk', method: 'POST', load: () => import('@/app/api/team/leads/bulk/route'), keys: ['target', 'change'] },
  { name: 'vitals', path: '/api/vitals', method: 'POST', load: () => import('@/app/api/vitals/route'), keys: ['route', 'device', 'connection', 'release', 'navigationType', 'replayed', 'samples'] },
  { name: 'bench/instrumented', path: '/api/bench/instrumented', method: 'GET', load: () => import('@/app/api/bench/instrumented/route'), keys: [] },
];

const RUNS = 200;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** ISO times of the right shape that Date.parse takes and ::timestamptz may not: 30 February, year 0, offsets past ±15:59. */
const nearIsoTime = fc
  .tuple(fc.constantFrom(0, 1, 2020, 2021, 9999), fc.constantFrom(1, 2, 4, 12), fc.constantFrom(1, 28, 29, 30, 31), fc.constantFrom('Z', '+00:00', '-15:59', '+16:00', '-23:59'))
  .map(([y, m, d, zone]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00.000${zone}`);

/** Strings meant to break things: bytes PostgreSQL refuses, broken UTF-16, SQL, huge, numeric edge cases, crafted cursors. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\uD800', '\uDC00', '\uFFFF', '\u202E'), fc.string({ maxLength: 10 })).map(([a, bad, b]) => `${a}${bad}${b}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFFx', "' OR 1=1 --", '%00', '../../etc/passwd', '-1', '0', '1e308', 'NaN', 'Infinity', '-0',
    '2026-13-45', '9999-12-31T23:59:59Z', '0000-01-01', 'none', 'null', 'undefined', '[]', '{}', 'true', '3f1c0000-0000-4000-8000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff', 'x'.repeat(5000)),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean()), { maxLength: 7 }).map(b64),
  fc.tuple(fc.integer(), fc.integer(), fc.integer(), fc.double(), fc.string({ maxLength: 30 }), fc.string({ maxLength: 40 })).map(b64),
  // Cursors that pass a shape check: the queue's (4 ints, a time, a uuid) and the lead table's (a time, a uuid).
  fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -100, max: 0 }), nearIsoTime, fc.uuid()).map(b64),
  fc.tuple(nearIsoTime, fc.uuid()).map(b64),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileString, fc.double(), fc.integer(), fc.bigInt().map(String), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(hostileString, tie('value'), { maxKeys: 4 })),
})).value;

const identities = ['anonymous', 'agent', 'manager'] as const;
const cookies: Record<string, string> = { anonymous: '' };
const summary: { route: string; inputs: number; fiveXX: number }[] = [];
let sql: SqlRunner;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  // People no other test file writes as: the write limit is counted per user in the shared Redis, and this
  // suite's hundreds of writes must not use up another file's minute (nor be cut short by the limit).
  getEnv().WRITES_PER_MINUTE = 1_000_000;
  [cookies.agent, cookies.manager] = await Promise.all([signIn('agent28@callpace.test'), signIn('manager3@callpace.test')]);
  [{ id: agentLead }] = await sql.query<{ id: string }>("SELECT l.id FROM leads l JOIN users u ON u.id = l.owner_id WHERE u.email = 'agent28@callpace.test' AND l.status <> 'DO_NOT_CALL' ORDER BY l.id LIMIT 1");
});
afterAll(async () => {
  console.log(`hostile input per route:\n${summary.map((s) => `  ${s.route.padEnd(34)} ${String(s.inputs).padStart(4)} inputs, ${s.fiveXX} × 5xx`).join('\n')}`);
  await sql.close();
});

let agentLead = '';

/** A valid request with one field replaced by a hostile value, or a valid string field with hostile text appended. */
function mutated(route: Route): fc.Arbitrary<Record<string, unknown>> {
  const template = valid[route.name];
  if (!template) return fc.constant({});
  const badChar = fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u0000\u0000');
  return fc.tuple(fc.nat(), fc.constantFrom('replace', 'append', 'inject'), hostileValue, hostileString, badChar).map(([pick, how, value, suffix, bad]) => {
    const base = template(agentLead);
    const keys = Object.keys(base);
    const key = keys[pick % keys.length];
    const current = base[key];
    if (how === 'replace' || typeof current !== 'string') base[key] = value;
    else base[key] = how === 'append' ? `${current}${suffix}` : `${current.slice(0, 3)}${bad}${current.slice(3)}`;
    return base;
  });
}

function hostileRequest(route: Route) {
  return fc.record({
    shaped: fc.boolean(),
    near: mutated(route),
    who: fc.constantFrom(...identities),
    query: fc.dictionary(fc.oneof(fc.constantFrom(...(route.keys.length ? route.keys : ['x'])), hostileString), hostileString, { maxKeys: 5 }),
    param: hostileString,
    body: fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...(route.keys.length ? route.keys : ['x'])), hostileValue, { maxKeys: 6 }), hostileString),
    contentType: fc.constantFrom('application/json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=utf-16'),
    raw: fc.boolean(),
  });
}

describe('hostile input to every route handler', () => {
  it.each(routes)('$name ($method): no 5xx', async (route) => {
    const handler = (await route.load())[route.method] as Handler;
    let inputs = 0;
    let fiveXX = 0;
    await fc.assert(
      fc.asyncProperty(hostileRequest(route), async ({ shaped, near, who: randomWho, query: randomQuery, param, body: randomBody, contentType: randomType, raw }) => {
        inputs += 1;
        // Half the inputs: a nearly valid request from a signed-in manager or agent, as JSON.
        const who = shaped ? (route.name === 'calls' ? 'agent' : 'manager') : randomWho;
        const query = shaped && route.method === 'GET' ? Object.fromEntries(Object.entries(near).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])) : randomQuery;
        const body = shaped && route.method === 'POST' ? near : randomBody;
        const contentType = shaped ? 'application/json' : randomType;
        if (shaped && route.params) param = agentLead;
        let url: URL;
        try {
          url = new URL(route.path.replace('{id}', encodeURIComponent(param)), 'http://localhost:3000');
          for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
        } catch {
          return; // not a URL any client could send
        }
        const headers: Record<string, string> = { origin: 'http://localhost:3000', 'x-callpace-client-address': `10.77.${inputs % 250}.${(inputs >> 8) % 250}` };
        if (cookies[who]) headers.cookie = cookies[who];
        if (contentType) headers['content-type'] = contentType;
        const text = raw && typeof body === 'string' ? body : JSON.stringify(body) ?? 'null';
        const request = new NextRequest(url, { method: route.method, headers, body: route.method === 'POST' ? text : undefined });
        const response = await handler(request, { params: Promise.resolve(route.params ? { id: param } : {}) });
        await response.text().catch(() => {});
        if (response.status >= 500) fiveXX += 1;
        expect(response.status, `${route.method} ${url.pathname}${url.search} as ${who}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    summary.push({ route: `${route.method} ${route.path}`, inputs, fiveXX });
  });

  it.each([
    ['/api/leads', 'agent', fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -100, max: 0 }), nearIsoTime, fc.uuid())],
    ['/api/team/leads', 'manager', fc.tuple(nearIsoTime, fc.uuid())],
  ] as const)('GET %s with cursors of the right shape and times PostgreSQL may refuse: no 5xx', async (path, who, key) => {
    const { GET } = (await import(path === '/api/leads' ? '@/app/api/leads/route' : '@/app/api/team/leads/route')) as { GET: Handler };
    let inputs = 0;
    let fiveXX = 0;
    await fc.assert(
      fc.asyncProperty(key, async (tuple) => {
        inputs += 1;
        const url = new URL(`${path}?cursor=${b64(tuple)}`, 'http://localhost:3000');
        const response = await GET(new NextRequest(url, { headers: { cookie: cookies[who] } }), { params: Promise.resolve({}) });
        await response.text().catch(() => {});
        if (response.status >= 500) fiveXX += 1;
        expect(response.status, `${JSON.stringify(tuple)} as ${who}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    summary.push({ route: `GET ${path} (crafted cursors)`, inputs, fiveXX });
  });

  it('still works afterwards: a good beacon is stored and a request is counted', async () => {
    const { POST } = await import('@/app/api/vitals/route');
    // This release (no release named: the one being served), so no list of releases seen decides it.
    const sampleId = randomUUID();
    const beacon = { route: '/queue', device: 'mobile', samples: [{ id: sampleId, metric: 'LCP', value: 900 }] };
    const response = await POST(new NextRequest('http://localhost:3000/api/vitals', { method: 'POST', headers: { 'content-type': 'application/json', 'x-callpace-client-address': '10.78.0.1' }, body: JSON.stringify(beacon) }), { params: Promise.resolve({}) });
    expect(response.status).toBe(204);
    await vitalsWriter().flush();
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM vital_samples WHERE sample_id = $1', [sampleId]);
    expect(n).toBe(1);
    const before = await sql.query<{ n: string }>("SELECT coalesce(sum(count), 0)::text AS n FROM request_histograms WHERE route = '/api/vitals'");
    await requestHistograms().flush();
    const after = await sql.query<{ n: string }>("SELECT coalesce(sum(count), 0)::text AS n FROM request_histograms WHERE route = '/api/vitals'");
    expect(Number(after[0].n)).toBeGreaterThan(Number(before[0].n));
  });
});
