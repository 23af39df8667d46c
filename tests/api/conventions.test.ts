/**
 * The route wrapper: the error envelope, request ids and the unexpected-error path; and the policy a route
 * declares (roles, origin, params, write limit, query, body), each rule one row of a table, in the order
 * the wrapper checks them.
 */
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { getEnv } from '@/lib/platform/env';
import { ApiError } from '@/lib/platform/http/errors';
import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { createRequestLimiter } from '@/lib/platform/http/rate-limit';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

const Body = z.object({ name: z.string().trim().min(1), count: z.number().int().positive() });
const Params = z.object({ id: z.uuid().transform((id) => id.toLowerCase()) });
const Query = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20), q: z.string().optional() });

const echo = withHandler(async ({ body }) => Response.json(body), { body: Body, maxBodyBytes: 1024 });
const noParams = { params: Promise.resolve({} as Record<string, string>) };

function post(body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new NextRequest('http://localhost/api/echo', { method: 'POST', body, headers });
}

async function call(handler: (request: NextRequest, context: typeof noParams) => Promise<Response>, request: NextRequest) {
  const response = await handler(request, noParams);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

afterEach(() => vi.restoreAllMocks());

describe('withHandler: the envelope', () => {
  it('passes a valid body through', async () => {
    const result = await call(echo, post(JSON.stringify({ name: 'a', count: 2 })));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ name: 'a', count: 2 });
    expect(result.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it.each([
    {
      name: 'wrong content type',
      request: () => post('{}', { 'content-type': 'application/x-www-form-urlencoded' }),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'text/plain where only JSON is allowed',
      request: () => post('{}', { 'content-type': 'text/plain' }),
      status: 415,
      code: 'unsupported_media_type',
    },
    { name: 'malformed JSON', request: () => post('{"name":'), status: 400, code: 'bad_request' },
    {
      name: 'declared size over the cap',
      request: () => post('{}', { 'content-type': 'application/json', 'content-length': '5000' }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'streamed size over the cap',
      request: () => post(JSON.stringify({ name: 'x'.repeat(2000), count: 1 })),
      status: 413,
      code: 'payload_too_large',
    },
    { name: 'schema violation', request: () => post(JSON.stringify({ name: '', count: -1 })), status: 422, code: 'unprocessable_entity' },
  ])('answers $name with $status and the error envelope', async ({ request, status, code }) => {
    const result = await call(echo, request());
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    expect(result.body.error.message).toEqual(expect.any(String));
    expect(result.body.error.requestId).toBe(result.headers.get('x-request-id'));
  });

  it('lists every invalid field on 422', async () => {
    const result = await call(echo, post(JSON.stringify({ name: '', count: -1 })));
    expect(result.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['count', 'name']);
  });

  it('takes text/plain JSON where the policy allows it (beacons)', async () => {
    const beacon = withHandler(async ({ body }) => Response.json(body), { body: Body, allowTextPlain: true });
    const result = await call(beacon, post(JSON.stringify({ name: 'a', count: 1 }), { 'content-type': 'text/plain;charset=UTF-8' }));
    expect(result.status).toBe(200);
  });

  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rate_limited', 429],
  ] as const)('maps ApiError %s to %i', async (code, status) => {
    const handler = withHandler(async () => {
      throw new ApiError(code, 'nope', undefined, code === 'rate_limited' ? { 'retry-after': '30' } : undefined);
    });
    const result = await call(handler, post(null));
    expect(result.status).toBe(status);
    expect(result.body.error).toMatchObject({ code, message: 'nope' });
    if (code === 'rate_limited') expect(result.headers.get('retry-after')).toBe('30');
  });

  it('answers an unexpected error with a bare 500 and logs it with the request id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = withHandler(async () => {
      throw new Error('connection string postgresql://secret@db leaked?');
    });
    const result = await call(handler, new NextRequest('http://localhost/api/x', { headers: { 'x-request-id': 'req-123' } }));
    expect(result.status).toBe(500);
    expect(result.body.error.code).toBe('internal_error');
    expect(JSON.stringify(result.body)).not.toContain('secret');
    expect(result.headers.get('x-request-id')).toBe('req-123');
    const logged = JSON.parse(log.mock.calls[0][0] as string);
    expect(logged).toMatchObject({ level: 'error', requestId: 'req-123', path: '/api/x' });
    expect(logged.error.message).toContain('secret');
  });
});

describe('withHandler: the policy', () => {
  let sql: SqlRunner;
  let agent: string;
  let manager: string;
  let managerId: string;
  /** Signed in only for the write-limit rows: nobody else writes as agent33, so its window is this file's alone. */
  let limited: string;
  let limitedId: string;
  const ran = { count: 0 };

  const WRITES = 2;
  const ID = randomUUID();
  const CROSS_SITE = { origin: 'https://evil.example' };
  const SAME_SITE = { origin: 'http://localhost:3000' };

  /** Every rule at once: managers and admins, a uuid id, a query and a capped body. */
  const managed = withHandler(
    async ({ viewer, params, query, body }) => {
      ran.count += 1;
      return Response.json({ viewer: { id: viewer.id, role: viewer.role }, params, query, body });
    },
    { roles: ['MANAGER', 'ADMIN'], params: Params, notFound: 'No such thing.', query: Query, body: Body, maxBodyBytes: 1024 },
  );
  /** The same without a body, for reads. */
  const reader = withHandler(async ({ viewer, params, query }) => Response.json({ viewer: { id: viewer.id }, params, query }), {
    roles: ANY_ROLE,
    params: Params,
    notFound: 'No such thing.',
    query: Query,
  });
  /** Signed out, with and without the origin check (a setup or invitation link sets cookies: it asks for it). */
  const publicWithOrigin = withHandler(async ({ viewer, body }) => Response.json({ viewer, body }), { origin: true, body: Body });
  const publicRoute = withHandler(async ({ viewer }) => Response.json({ viewer }));
  /** Counted against the viewer's write limit; the params come first (404 even when the limit is spent), the body last. */
  const writer = withHandler(
    async ({ body }) => {
      ran.count += 1;
      return Response.json(body);
    },
    { roles: ANY_ROLE, params: Params, notFound: 'No such thing.', writeLimit: true, body: Body },
  );

  beforeAll(async () => {
    sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
    await seed(sql, { scale: 'small' });
    // Read when the write limiter is first made (the first limited request below), once per process.
    getEnv().WRITES_PER_MINUTE = WRITES;
    [agent, manager, limited] = await Promise.all([
      signIn('agent1@callpace.test'),
      signIn('manager1@callpace.test'),
      signIn('agent33@callpace.test'),
    ]);
    const ids = await sql.query<{ id: string; email: string }>(
      "SELECT id, email FROM users WHERE email IN ('manager1@callpace.test', 'agent33@callpace.test')",
    );
    managerId = ids.find((row) => row.email === 'manager1@callpace.test')!.id;
    limitedId = ids.find((row) => row.email === 'agent33@callpace.test')!.id;
    // The window lives in the shared Redis and the seeded ids repeat from run to run: start it empty.
    await createRequestLimiter('writes', WRITES, 60, 'changes').reset(limitedId);
  });
  afterAll(() => sql.close());

  const good = { name: ' Ada ', count: 3 };
  type Init = Parameters<typeof invoke>[2];
  const identity = (who: 'anonymous' | 'agent' | 'manager') => (who === 'agent' ? agent : who === 'manager' ? manager : undefined);

  it.each<{
    name: string;
    route: () => Parameters<typeof invoke>[0];
    who: 'anonymous' | 'agent' | 'manager';
    url?: string;
    init: Init;
    status: number;
    code?: string;
    message?: RegExp | string;
  }>([
    {
      name: 'signed out',
      route: () => managed,
      who: 'anonymous',
      init: { body: good, params: { id: ID } },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'a role the route does not take',
      route: () => managed,
      who: 'agent',
      init: { body: good, params: { id: ID } },
      status: 403,
      code: 'forbidden',
      message: 'This needs one of these roles: MANAGER, ADMIN.',
    },
    {
      name: 'a cross-site Origin on a POST',
      route: () => managed,
      who: 'manager',
      init: { body: good, params: { id: ID }, headers: CROSS_SITE },
      status: 403,
      code: 'forbidden',
      message: /https:\/\/evil\.example/,
    },
    {
      name: 'a cross-site Sec-Fetch-Site without Origin',
      route: () => managed,
      who: 'manager',
      init: { body: good, params: { id: ID }, headers: { 'sec-fetch-site': 'cross-site' } },
      status: 403,
      code: 'forbidden',
    },
    {
      name: 'a cross-site POST signed out (origin before the session)',
      route: () => managed,
      who: 'anonymous',
      init: { body: good, params: { id: ID }, headers: CROSS_SITE },
      status: 403,
      code: 'forbidden',
    },
    {
      name: 'a cross-site Origin on a GET',
      route: () => reader,
      who: 'agent',
      init: { params: { id: ID }, headers: CROSS_SITE },
      status: 200,
    },
    {
      name: 'a malformed id',
      route: () => managed,
      who: 'manager',
      init: { body: good, params: { id: 'not-a-uuid' } },
      status: 404,
      code: 'not_found',
      message: 'No such thing.',
    },
    {
      name: 'a malformed id and a bad query (params first)',
      route: () => managed,
      who: 'manager',
      url: '/api/things?limit=0',
      init: { body: { name: '' }, params: { id: 'nope' } },
      status: 404,
      code: 'not_found',
    },
    {
      name: 'a bad query',
      route: () => managed,
      who: 'manager',
      url: '/api/things?limit=500',
      init: { body: good, params: { id: ID } },
      status: 422,
      code: 'unprocessable_entity',
      message: /^Invalid query: limit /,
    },
    {
      name: 'a bad query and a bad body (query first)',
      route: () => managed,
      who: 'manager',
      url: '/api/things?limit=abc',
      init: { body: { name: '' }, params: { id: ID } },
      status: 422,
      message: /^Invalid query/,
    },
    {
      name: 'a body the schema refuses',
      route: () => managed,
      who: 'manager',
      init: { body: { name: '', count: 1.5 }, params: { id: ID } },
      status: 422,
      code: 'unprocessable_entity',
      message: /^Invalid body: /,
    },
    {
      name: 'a body of the wrong type',
      route: () => managed,
      who: 'manager',
      init: { body: 'name=a', params: { id: ID }, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a body over the cap',
      route: () => managed,
      who: 'manager',
      init: { body: { name: 'x'.repeat(2000), count: 1 }, params: { id: ID } },
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'malformed JSON',
      route: () => managed,
      who: 'manager',
      init: { body: '{"name":', params: { id: ID } },
      status: 400,
      code: 'bad_request',
    },
    {
      name: 'a public route with the origin check, cross-site',
      route: () => publicWithOrigin,
      who: 'anonymous',
      init: { body: good, headers: CROSS_SITE },
      status: 403,
      code: 'forbidden',
    },
    {
      name: 'a public route with the origin check, same-site',
      route: () => publicWithOrigin,
      who: 'anonymous',
      init: { body: good, headers: SAME_SITE },
      status: 200,
    },
    {
      name: 'a public route without it, cross-site',
      route: () => publicRoute,
      who: 'anonymous',
      init: { method: 'POST', headers: CROSS_SITE },
      status: 200,
    },
  ])('$name → $status', async ({ route, who, url, init, status, code, message }) => {
    const before = ran.count;
    const result = await invoke(route(), url ?? '/api/things', { ...init, cookie: identity(who) });
    expect(result.status).toBe(status);
    if (status === 200) return;
    expect(result.json.error.code).toBe(code ?? 'unprocessable_entity');
    if (message) expect(result.json.error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(ran.count).toBe(before);
  });

  it('hands the handler the parsed params, query and body and the viewer', async () => {
    const result = await invoke(managed, '/api/things?q=smith', {
      body: good,
      params: { id: ID.toUpperCase() },
      cookie: manager,
      headers: SAME_SITE,
    });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      viewer: { id: managerId, role: 'MANAGER' },
      params: { id: ID },
      query: { limit: 20, q: 'smith' },
      body: { name: 'Ada', count: 3 },
    });
    const read = await invoke(reader, '/api/things?limit=7', { params: { id: ID }, cookie: agent });
    expect(read.json.query).toEqual({ limit: 7 });
    expect((await invoke(publicRoute, '/api/things')).json).toEqual({ viewer: null });
  });

  it('counts writes per viewer and answers 429 with Retry-After once the minute is spent', async () => {
    const write = (init: Init = {}) => invoke(writer, '/api/things', { body: good, params: { id: ID }, cookie: limited, ...init });
    for (let i = 0; i < WRITES; i++) expect((await write()).status).toBe(200);
    const before = ran.count;
    const refused = await write();
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The limit comes after the session and the params, before the body: a bad body is refused with 429 too.
    expect((await write({ body: { name: '' } })).status).toBe(429);
    expect((await write({ params: { id: 'nope' } })).status).toBe(404);
    expect((await write({ cookie: undefined })).status).toBe(401);
    expect(ran.count).toBe(before);
  });
});
