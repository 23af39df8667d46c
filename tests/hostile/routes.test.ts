/**
 * Hostile input, generated (fast-check): every route handler gets strings PostgreSQL cannot store, lone
 * surrogates, huge values, numbers where none belong, crafted cursors, odd content types, arrays for
 * objects, deep nesting — signed out, as an agent and as a manager. Not one may answer 5xx, and
 * afterwards the app still works: the suite's own sessions still sign it in, a good beacon is still
 * stored, a request is still counted.
 *
 * The near-valid writes are aimed where they cannot lock the suite out: people changes go to agent35
 * (manager3's team, never the two accounts signed in here) and never carry `active`; a password change
 * never sends the right current password; the session routes end only sessions other than the suite's.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { getEnv } from '@/lib/platform/env';
import { forgiveSignInAttempts } from '@/lib/platform/auth/sign-in-limit';
import { requestHistograms } from '@/lib/platform/metrics/request-histograms';
import { vitalsWriter } from '@/lib/vitals/writer';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route modules differ in their params type
type Handler = (request: NextRequest, context: { params: Promise<any> }) => Promise<Response>;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Route {
  name: string;
  path: string;
  method: Method;
  load: () => Promise<Record<string, unknown>>;
  params?: string[];
  keys: string[];
  /** The path parameter of a near-valid request (default: agent28's lead). */
  shapedParam?: (fixture: Fixture) => string;
  /** Fewer runs where a valid input costs an argon2 hash or verify (~50 ms). */
  runs?: number;
}
const hasBody = (method: Method) => method === 'POST' || method === 'PATCH' || method === 'PUT';

/** Ids the near-valid requests point at, read after the seed. */
interface Fixture {
  /** One of agent28's leads. */
  lead: string;
  agent28: string;
  /** The agent of manager3's team the people routes change: no session of this suite is theirs. */
  agent35: string;
  manager3: string;
  /** An invitation link's token, for a person invited in beforeAll. */
  inviteToken: string;
  /** A second session of manager3's, not the one this suite uses: the one DELETE /api/account/sessions/[id] may end. */
  spareSession: string;
}

let phones = 0;

/**
 * A request each route would accept, so that one hostile field at a time reaches the deep layers (the
 * query, the database) instead of stopping at the first check.
 */
const valid: Record<string, (fixture: Fixture) => Record<string, unknown>> = {
  // An account no other test signs in as: this suite's hundreds of wrong attempts use up its sign-in limit.
  auth: () => ({ email: 'agent39@callpace.test', password: 'callpace-demo' }),
  calls: ({ lead }) => ({
    clientId: randomUUID(),
    leadId: lead,
    outcome: 'no_answer',
    durationSec: 5,
    notes: 'left a message',
    engagement: 40,
  }),
  'exports/calls': () => ({ from: '2026-11-01', to: '2026-12-01' }),
  'exports/leads': () => ({ q: 'smith', status: 'new' }),
  leads: () => ({ q: 'smith', limit: '20' }),
  'reports/calls': () => ({ from: '2026-11-01', to: '2026-12-01' }),
  'reports/vitals': () => ({ from: '2026-11-01', to: '2026-12-01', metric: 'LCP', route: '/queue', device: 'mobile' }),
  'team/leads': () => ({ q: 'smith', limit: '20' }),
  'team/leads/bulk': ({ lead }) => ({ target: { ids: [lead] }, change: { action: 'priority', priority: 2 } }),
  vitals: () => ({
    route: '/queue',
    device: 'mobile',
    connection: '4g',
    navigationType: 'navigate',
    samples: [{ id: randomUUID(), metric: 'LCP', value: 900, attribution: { element: 'main > h1' } }],
  }),
  // The first one creates the person; later ones answer 409 (taken) after the same checks.
  'users (invite)': () => ({ email: 'hostile-invite@callpace.test', name: 'Hostile Invite', role: 'AGENT' }),
  // Never `active`: a near-valid change renames agent35 and keeps them an agent of manager3's team.
  'users/[id]': ({ manager3 }) => ({ name: 'Hostile Name', role: 'AGENT', managerId: manager3 }),
  audit: () => ({ before: `${new Date().toISOString()}_${randomUUID()}`, limit: '20' }),
  // An admin exists, so a well-formed setup answers 409 before any hash.
  setup: () => ({ token: 'A'.repeat(43), name: 'First Admin', email: 'first-admin@callpace.test', password: 'a long setup passphrase' }),
  // The first acceptable password uses the link (and signs the invited person in); later ones answer 410.
  'invitations/accept': ({ inviteToken }) => ({ token: inviteToken, password: 'a long invited passphrase' }),
  // Never the right current password: a near-valid change is refused (403) after the verify, nothing changes.
  'account/password': () => ({ currentPassword: 'not-the-demo-password', newPassword: 'a long new passphrase' }),
  'calling-rules': ({ manager3 }) => ({ managerId: manager3 }),
  'calling-rules (set)': ({ manager3 }) => ({
    managerId: manager3,
    startHour: 8,
    endHour: 20,
    days: [1, 2, 3, 4, 5, 6, 7],
    retryNoAnswerMin: 240,
    retryBusyMin: 30,
    retryVoicemailMin: 1440,
    retryConnectedMin: 1440,
    maxAttempts: 8,
    closingOutcomes: ['wrong_number', 'qualified', 'not_interested', 'do_not_call'],
  }),
  'leads (create)': ({ agent35 }) => ({
    clientId: randomUUID(),
    firstName: 'Hostile',
    lastName: 'Lead',
    phone: `+44 20 7946 ${String(500 + (phones++ % 500)).padStart(4, '0')}`,
    timezone: 'Europe/London',
    company: 'Hostile Ltd',
    email: 'hostile.lead@example.com',
    notes: 'made by the hostile suite',
    priority: 3,
    ownerId: agent35,
  }),
  'leads/[id] (edit)': ({ agent28 }) => ({
    clientId: randomUUID(),
    firstName: 'Hostile',
    notes: 'edited by the hostile suite',
    email: 'hostile.edit@example.com',
    timezone: 'Europe/London',
    priority: 2,
    ownerId: agent28,
  }),
};

const agent35 = (fixture: Fixture) => fixture.agent35;
const FEW = 60;

const routes: Route[] = [
  {
    name: 'auth',
    path: '/api/auth/sign-in/email',
    method: 'POST',
    load: () => import('@/app/api/auth/[...all]/route'),
    keys: ['email', 'password'],
  },
  { name: 'auth (other)', path: '/api/auth/update-user', method: 'GET', load: () => import('@/app/api/auth/[...all]/route'), keys: [] },
  {
    name: 'calls',
    path: '/api/calls',
    method: 'POST',
    load: () => import('@/app/api/calls/route'),
    keys: ['clientId', 'leadId', 'outcome', 'durationSec', 'engagement', 'notes', 'callbackAt', 'startedAt', 'recordedOffline'],
  },
  {
    name: 'exports/calls',
    path: '/api/exports/calls',
    method: 'GET',
    load: () => import('@/app/api/exports/calls/route'),
    keys: ['from', 'to', 'agentId'],
  },
  {
    name: 'exports/leads',
    path: '/api/exports/leads',
    method: 'GET',
    load: () => import('@/app/api/exports/leads/route'),
    keys: ['status', 'owner', 'priority', 'source', 'q'],
  },
  { name: 'health/detailed', path: '/api/health/detailed', method: 'GET', load: () => import('@/app/api/health/detailed/route'), keys: [] },
  { name: 'imports', path: '/api/imports', method: 'GET', load: () => import('@/app/api/imports/route'), keys: [] },
  {
    name: 'imports (upload)',
    path: '/api/imports',
    method: 'POST',
    load: () => import('@/app/api/imports/route'),
    keys: ['id', 'options'],
  },
  {
    name: 'imports/[id]',
    path: '/api/imports/{id}',
    method: 'GET',
    load: () => import('@/app/api/imports/[id]/route'),
    params: ['id'],
    keys: [],
  },
  {
    name: 'imports/[id]/errors',
    path: '/api/imports/{id}/errors',
    method: 'GET',
    load: () => import('@/app/api/imports/[id]/errors/route'),
    params: ['id'],
    keys: [],
  },
  {
    name: 'imports/preview',
    path: '/api/imports/preview',
    method: 'POST',
    load: () => import('@/app/api/imports/preview/route'),
    keys: [],
  },
  {
    name: 'leads',
    path: '/api/leads',
    method: 'GET',
    load: () => import('@/app/api/leads/route'),
    keys: ['cursor', 'limit', 'status', 'q'],
  },
  {
    name: 'leads/[id]',
    path: '/api/leads/{id}',
    method: 'GET',
    load: () => import('@/app/api/leads/[id]/route'),
    params: ['id'],
    keys: [],
  },
  {
    name: 'leads/[id]/reservation',
    path: '/api/leads/{id}/reservation',
    method: 'POST',
    load: () => import('@/app/api/leads/[id]/reservation/route'),
    params: ['id'],
    keys: [],
  },
  { name: 'metrics', path: '/api/metrics', method: 'GET', load: () => import('@/app/api/metrics/route'), keys: ['format'] },
  {
    name: 'reports/calls',
    path: '/api/reports/calls',
    method: 'GET',
    load: () => import('@/app/api/reports/calls/route'),
    keys: ['from', 'to', 'agentId'],
  },
  {
    name: 'reports/vitals',
    path: '/api/reports/vitals',
    method: 'GET',
    load: () => import('@/app/api/reports/vitals/route'),
    keys: ['from', 'to', 'metric', 'route', 'device', 'release'],
  },
  {
    name: 'team/leads',
    path: '/api/team/leads',
    method: 'GET',
    load: () => import('@/app/api/team/leads/route'),
    keys: ['status', 'owner', 'priority', 'source', 'q', 'cursor', 'limit'],
  },
  {
    name: 'team/leads/bulk',
    path: '/api/team/leads/bulk',
    method: 'POST',
    load: () => import('@/app/api/team/leads/bulk/route'),
    keys: ['target', 'change'],
  },
  {
    name: 'vitals',
    path: '/api/vitals',
    method: 'POST',
    load: () => import('@/app/api/vitals/route'),
    keys: ['route', 'device', 'connection', 'release', 'navigationType', 'replayed', 'samples'],
  },
  {
    name: 'bench/instrumented',
    path: '/api/bench/instrumented',
    method: 'GET',
    load: () => import('@/app/api/bench/instrumented/route'),
    keys: [],
  },
  {
    name: 'users (invite)',
    path: '/api/users',
    method: 'POST',
    load: () => import('@/app/api/users/route'),
    keys: ['email', 'name', 'role', 'managerId'],
  },
  {
    name: 'users/[id]',
    path: '/api/users/{id}',
    method: 'PATCH',
    load: () => import('@/app/api/users/[id]/route'),
    params: ['id'],
    shapedParam: agent35,
    keys: ['name', 'role', 'managerId', 'active', 'reassign'],
  },
  {
    name: 'users/[id]/password-reset',
    path: '/api/users/{id}/password-reset',
    method: 'POST',
    load: () => import('@/app/api/users/[id]/password-reset/route'),
    params: ['id'],
    shapedParam: agent35,
    keys: [],
  },
  {
    name: 'setup',
    path: '/api/setup',
    method: 'POST',
    load: () => import('@/app/api/setup/route'),
    keys: ['token', 'name', 'email', 'password'],
    runs: FEW,
  },
  {
    name: 'invitations/accept',
    path: '/api/invitations/accept',
    method: 'POST',
    load: () => import('@/app/api/invitations/accept/route'),
    keys: ['token', 'password'],
    runs: FEW,
  },
  {
    name: 'account/password',
    path: '/api/account/password',
    method: 'POST',
    load: () => import('@/app/api/account/password/route'),
    keys: ['currentPassword', 'newPassword'],
    runs: FEW,
  },
  {
    name: 'account/sessions',
    path: '/api/account/sessions',
    method: 'GET',
    load: () => import('@/app/api/account/sessions/route'),
    keys: [],
  },
  // Before the route that ends all other sessions, so the spare session is still there to end.
  {
    name: 'account/sessions/[id]',
    path: '/api/account/sessions/{id}',
    method: 'DELETE',
    load: () => import('@/app/api/account/sessions/[id]/route'),
    params: ['id'],
    shapedParam: (fixture) => fixture.spareSession,
    keys: [],
  },
  {
    name: 'account/sessions (end others)',
    path: '/api/account/sessions',
    method: 'DELETE',
    load: () => import('@/app/api/account/sessions/route'),
    keys: [],
  },
  {
    name: 'calling-rules',
    path: '/api/calling-rules',
    method: 'GET',
    load: () => import('@/app/api/calling-rules/route'),
    keys: ['managerId'],
  },
  {
    name: 'calling-rules (set)',
    path: '/api/calling-rules',
    method: 'PUT',
    load: () => import('@/app/api/calling-rules/route'),
    keys: [
      'managerId',
      'startHour',
      'endHour',
      'days',
      'retryNoAnswerMin',
      'retryBusyMin',
      'retryVoicemailMin',
      'retryConnectedMin',
      'maxAttempts',
      'closingOutcomes',
    ],
  },
  {
    name: 'leads (create)',
    path: '/api/leads',
    method: 'POST',
    load: () => import('@/app/api/leads/route'),
    keys: ['clientId', 'firstName', 'lastName', 'phone', 'timezone', 'company', 'email', 'notes', 'priority', 'ownerId'],
  },
  {
    name: 'leads/[id] (edit)',
    path: '/api/leads/{id}',
    method: 'PATCH',
    load: () => import('@/app/api/leads/[id]/route'),
    params: ['id'],
    keys: ['clientId', 'firstName', 'lastName', 'company', 'phone', 'email', 'timezone', 'notes', 'ownerId', 'priority', 'recycle'],
  },
  {
    name: 'leads/[id]/history',
    path: '/api/leads/{id}/history',
    method: 'GET',
    load: () => import('@/app/api/leads/[id]/history/route'),
    params: ['id'],
    keys: [],
  },
  // Last: the lists read back what the hostile writes above stored (names, leads, audit details).
  { name: 'users', path: '/api/users', method: 'GET', load: () => import('@/app/api/users/route'), keys: [] },
  { name: 'audit', path: '/api/audit', method: 'GET', load: () => import('@/app/api/audit/route'), keys: ['before', 'limit'] },
];

const RUNS = 200;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** ISO times of the right shape that Date.parse takes and ::timestamptz may not: 30 February, year 0, offsets past ±15:59. */
const nearIsoTime = fc
  .tuple(
    fc.constantFrom(0, 1, 2020, 2021, 9999),
    fc.constantFrom(1, 2, 4, 12),
    fc.constantFrom(1, 28, 29, 30, 31),
    fc.constantFrom('Z', '+00:00', '-15:59', '+16:00', '-23:59'),
  )
  .map(
    ([y, m, d, zone]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00.000${zone}`,
  );

/** Strings meant to break things: bytes PostgreSQL refuses, broken UTF-16, SQL, huge, numeric edge cases, crafted cursors. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\uD800', '\uDC00', '\uFFFF', '\u202E'), fc.string({ maxLength: 10 }))
    .map(([a, bad, b]) => `${a}${bad}${b}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFFx',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
    '-1',
    '0',
    '1e308',
    'NaN',
    'Infinity',
    '-0',
    '2026-13-45',
    '9999-12-31T23:59:59Z',
    '0000-01-01',
    'none',
    'null',
    'undefined',
    '[]',
    '{}',
    'true',
    '3f1c0000-0000-4000-8000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'x'.repeat(5000),
  ),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean()), { maxLength: 7 }).map(b64),
  fc.tuple(fc.integer(), fc.integer(), fc.integer(), fc.double(), fc.string({ maxLength: 30 }), fc.string({ maxLength: 40 })).map(b64),
  // Cursors that pass a shape check: the queue's (4 ints, a time, a uuid) and the lead table's (a time, a uuid).
  fc
    .tuple(
      fc.constantFrom(0, 1),
      fc.constantFrom(0, 1),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: -100, max: 0 }),
      nearIsoTime,
      fc.uuid(),
    )
    .map(b64),
  fc.tuple(nearIsoTime, fc.uuid()).map(b64),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.bigInt().map(String),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const identities = ['anonymous', 'agent', 'manager'] as const;
const SIGNED_IN = { agent: 'agent28@callpace.test', manager: 'manager3@callpace.test' } as const;
const cookies: Record<string, string> = { anonymous: '' };
const origin = { origin: 'http://localhost:3000' };
const summary: { route: string; inputs: number; fiveXX: number; statuses?: Map<string, number> }[] = [];
let sql: SqlRunner;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  // People no other test file writes as: the write limit is counted per user in the shared Redis, and this
  // suite's hundreds of writes must not use up another file's minute (nor be cut short by the limit).
  getEnv().WRITES_PER_MINUTE = 1_000_000;
  [cookies.agent, cookies.manager] = await Promise.all([signIn(SIGNED_IN.agent), signIn(SIGNED_IN.manager)]);
  [{ id: fixture.lead }] = await sql.query<{ id: string }>(
    "SELECT l.id FROM leads l JOIN users u ON u.id = l.owner_id WHERE u.email = 'agent28@callpace.test' AND l.status <> 'DO_NOT_CALL' ORDER BY l.id LIMIT 1",
  );
  const people = await sql.query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE email IN ('agent28@callpace.test', 'agent35@callpace.test', 'manager3@callpace.test')",
  );
  const idOf = (email: string) => people.find((person) => person.email === email)!.id;
  Object.assign(fixture, {
    agent28: idOf('agent28@callpace.test'),
    agent35: idOf('agent35@callpace.test'),
    manager3: idOf('manager3@callpace.test'),
  });

  const { POST: invite } = await import('@/app/api/users/route');
  const invited = await invoke(invite, '/api/users', {
    body: { email: 'hostile-accept@callpace.test', name: 'Hostile Accept', role: 'AGENT' },
    cookie: cookies.manager,
    headers: origin,
  });
  expect(invited.status).toBe(201);
  fixture.inviteToken = new URL(invited.json.inviteUrl).pathname.split('/').at(-1)!;

  const { GET: sessions } = await import('@/app/api/account/sessions/route');
  const spare = await invoke(sessions, '/api/account/sessions', { cookie: await signIn(SIGNED_IN.manager) });
  fixture.spareSession = (spare.json.sessions as { id: string; current: boolean }[]).find((session) => session.current)!.id;
});
afterAll(async () => {
  console.log(
    `hostile input per route:\n${summary
      .map(
        (s) =>
          `  ${s.route.padEnd(40)} ${String(s.inputs).padStart(4)} inputs, ${s.fiveXX} × 5xx${
            s.statuses
              ? `  near-valid: ${[...s.statuses]
                  .sort()
                  .map(([status, n]) => `${status}×${n}`)
                  .join(' ')}`
              : ''
          }`,
      )
      .join('\n')}`,
  );
  await sql.close();
});

const fixture: Fixture = { lead: '', agent28: '', agent35: '', manager3: '', inviteToken: '', spareSession: '' };

/** A valid request with one field replaced by a hostile value, or a valid string field with hostile text appended. */
function mutated(route: Route): fc.Arbitrary<Record<string, unknown>> {
  const template = valid[route.name];
  if (!template) return fc.constant({});
  const badChar = fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u0000\u0000');
  return fc
    .tuple(fc.nat(), fc.constantFrom('replace', 'append', 'inject'), hostileValue, hostileString, badChar)
    .map(([pick, how, value, suffix, bad]) => {
      const base = template(fixture);
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
    query: fc.dictionary(fc.oneof(fc.constantFrom(...(route.keys.length ? route.keys : ['x'])), hostileString), hostileString, {
      maxKeys: 5,
    }),
    param: hostileString,
    body: fc.oneof(
      hostileValue,
      fc.dictionary(fc.constantFrom(...(route.keys.length ? route.keys : ['x'])), hostileValue, { maxKeys: 6 }),
      hostileString,
    ),
    contentType: fc.constantFrom(
      'application/json',
      'text/plain',
      'text/csv',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      'application/json; charset=utf-16',
    ),
    raw: fc.boolean(),
  });
}

describe('hostile input to every route handler', () => {
  it.each(routes)('$name ($method): no 5xx', async (route) => {
    const handler = (await route.load())[route.method] as Handler;
    let inputs = 0;
    let fiveXX = 0;
    // What the near-valid requests got back: they should reach the deep layers (2xx, 403, 404, 409), not all stop at a 4xx of the first check.
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        hostileRequest(route),
        async ({ shaped, near, who: randomWho, query: randomQuery, param, body: randomBody, contentType: randomType, raw }) => {
          inputs += 1;
          // Half the inputs: a nearly valid request from a signed-in manager or agent, as JSON.
          const who = shaped ? (route.name === 'calls' ? 'agent' : 'manager') : randomWho;
          const query =
            shaped && !hasBody(route.method)
              ? Object.fromEntries(Object.entries(near).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]))
              : randomQuery;
          const body = shaped && hasBody(route.method) ? near : randomBody;
          const contentType = shaped ? 'application/json' : randomType;
          if (shaped && route.params) param = (route.shapedParam ?? ((f: Fixture) => f.lead))(fixture);
          let url: URL;
          try {
            url = new URL(route.path.replace('{id}', encodeURIComponent(param)), 'http://localhost:3000');
            for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
          } catch {
            return; // not a URL any client could send
          }
          const headers: Record<string, string> = {
            origin: 'http://localhost:3000',
            'x-callpace-client-address': `10.77.${inputs % 250}.${(inputs >> 8) % 250}`,
          };
          if (cookies[who]) headers.cookie = cookies[who];
          if (contentType) headers['content-type'] = contentType;
          const text = raw && typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');
          const request = new NextRequest(url, { method: route.method, headers, body: hasBody(route.method) ? text : undefined });
          const response = await handler(request, { params: Promise.resolve(route.params ? { id: param } : {}) });
          await response.text().catch(() => {});
          if (shaped) statuses.set(String(response.status), (statuses.get(String(response.status)) ?? 0) + 1);
          if (response.status >= 500) fiveXX += 1;
          expect(response.status, `${route.method} ${url.pathname}${url.search} as ${who}`).toBeLessThan(500);
        },
      ),
      { numRuns: route.runs ?? RUNS },
    );
    summary.push({ route: `${route.method} ${route.path}`, inputs, fiveXX, statuses });
  });

  const cursorRoutes: Record<string, () => Promise<Record<string, unknown>>> = {
    '/api/leads': () => import('@/app/api/leads/route'),
    '/api/team/leads': () => import('@/app/api/team/leads/route'),
    '/api/audit': () => import('@/app/api/audit/route'),
  };
  it.each([
    [
      '/api/leads',
      'agent',
      'cursor',
      fc
        .tuple(
          fc.constantFrom(0, 1),
          fc.constantFrom(0, 1),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: -100, max: 0 }),
          nearIsoTime,
          fc.uuid(),
        )
        .map(b64),
    ],
    ['/api/team/leads', 'manager', 'cursor', fc.tuple(nearIsoTime, fc.uuid()).map(b64)],
    // The audit trail's `<createdAt>_<id>`.
    ['/api/audit', 'manager', 'before', fc.tuple(nearIsoTime, fc.uuid()).map(([at, id]) => `${at}_${id}`)],
  ] as const)('GET %s with cursors of the right shape and times PostgreSQL may refuse: no 5xx', async (path, who, name, cursor) => {
    const { GET } = (await cursorRoutes[path]()) as { GET: Handler };
    let inputs = 0;
    let fiveXX = 0;
    await fc.assert(
      fc.asyncProperty(cursor, async (value) => {
        inputs += 1;
        const url = new URL(path, 'http://localhost:3000');
        url.searchParams.set(name, value);
        const response = await GET(new NextRequest(url, { headers: { cookie: cookies[who] } }), { params: Promise.resolve({}) });
        await response.text().catch(() => {});
        if (response.status >= 500) fiveXX += 1;
        expect(response.status, `${value} as ${who}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    summary.push({ route: `GET ${path} (crafted cursors)`, inputs, fiveXX });
  });

  // ICU takes a few names the tz database dropped (and lower case); a lead's zone goes to PostgreSQL's AT TIME ZONE.
  const zones = ['US/Pacific-New', 'Canada/East-Saskatchewan', 'us/pacific-new', 'europe/LONDON', 'Etc/GMT+14', 'America/Ciudad_Juarez'];
  it.each(zones.map((zone, index) => [zone, index] as const))(
    'a lead given the zone %s: creating, editing, calling and queueing it answer no 5xx',
    async (timezone, index) => {
      const leads = await import('@/app/api/leads/route');
      const { PATCH } = await import('@/app/api/leads/[id]/route');
      const { POST: call } = await import('@/app/api/calls/route');
      const lead = (zone: string, n: number) => ({
        firstName: 'Zone',
        lastName: 'Test',
        phone: `+44 20 7946 04${String(n).padStart(2, '0')}`,
        timezone: zone,
        ownerId: fixture.agent28,
      });
      const direct = await invoke(leads.POST, '/api/leads', { body: lead(timezone, 2 * index), cookie: cookies.manager, headers: origin });
      expect(direct.status).toBeLessThan(500);
      const made = await invoke(leads.POST, '/api/leads', {
        body: lead('Europe/London', 2 * index + 1),
        cookie: cookies.manager,
        headers: origin,
      });
      expect(made.status).toBe(201);
      const id = made.json.id as string;
      const edited = await invoke(PATCH, `/api/leads/${id}`, {
        method: 'PATCH',
        body: { clientId: randomUUID(), timezone },
        cookie: cookies.manager,
        headers: origin,
        params: { id },
      });
      expect(edited.status).toBeLessThan(500);
      const called = await invoke(call, '/api/calls', {
        body: { clientId: randomUUID(), leadId: id, outcome: 'no_answer', durationSec: 5 },
        cookie: cookies.agent,
        headers: origin,
      });
      expect(called.status).toBeLessThan(500);
      expect((await invoke(leads.GET, '/api/leads?limit=100', { cookie: cookies.agent })).status).toBeLessThan(500);
    },
  );

  it('still works afterwards: the suite is still signed in as the agent and the manager', async () => {
    const { GET } = await import('@/app/api/account/sessions/route');
    for (const who of ['agent', 'manager'] as const) {
      const result = await invoke(GET, '/api/account/sessions', { cookie: cookies[who] });
      expect(result.status, who).toBe(200);
      expect(
        (result.json.sessions as { current: boolean }[]).filter((session) => session.current),
        who,
      ).toHaveLength(1);
    }
    // And nothing here changed their passwords. The wrong current passwords sent to POST /api/account/password
    // count against these accounts' sign-in limit (in the shared Redis, for 15 minutes): forgiven first, as a
    // right password would, so this sign-in and later files' are not refused with a 429.
    await Promise.all(Object.values(SIGNED_IN).map((email) => forgiveSignInAttempts('', email)));
    await expect(Promise.all(Object.values(SIGNED_IN).map((email) => signIn(email)))).resolves.toHaveLength(2);
  });

  it('still works afterwards: a good beacon is stored and a request is counted', async () => {
    const { POST } = await import('@/app/api/vitals/route');
    // This release (no release named: the one being served), so no list of releases seen decides it.
    const sampleId = randomUUID();
    const beacon = { route: '/queue', device: 'mobile', samples: [{ id: sampleId, metric: 'LCP', value: 900 }] };
    const response = await POST(
      new NextRequest('http://localhost:3000/api/vitals', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callpace-client-address': '10.78.0.1' },
        body: JSON.stringify(beacon),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(204);
    await vitalsWriter().flush();
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM vital_samples WHERE sample_id = $1', [sampleId]);
    expect(n).toBe(1);
    const before = await sql.query<{ n: string }>(
      "SELECT coalesce(sum(count), 0)::text AS n FROM request_histograms WHERE route = '/api/vitals'",
    );
    await requestHistograms().flush();
    const after = await sql.query<{ n: string }>(
      "SELECT coalesce(sum(count), 0)::text AS n FROM request_histograms WHERE route = '/api/vitals'",
    );
    expect(Number(after[0].n)).toBeGreaterThan(Number(before[0].n));
  });
});
