import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LRUCache } from 'lru-cache';
import { GET, POST } from '@/app/api/auth/[...all]/route';
import { applySessionEvent, requireApiViewer, SESSION_CHANNEL, type Viewer } from '@/lib/platform/auth/viewer';
import { safeNextPath } from '@/lib/platform/auth/safe-next';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { createPubSub, publish, subscribe } from '@/lib/platform/redis/pubsub';
import { deactivateUser } from '@/lib/users/deactivate';
import { seed } from '@/prisma/seed';
import { cookieHeader, invoke } from '../support/http';

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
});

const origin = { origin: 'http://localhost:3000' };
const signIn = (
  email: string,
  password = 'callpace-demo',
  address = `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
) => invoke(POST, '/api/auth/sign-in/email', { body: { email, password }, headers: { 'x-callpace-client-address': address } });
const asRequest = (cookie: string) => new Request('http://localhost/api/leads', { headers: { cookie } });

async function pollUnauthorized(request: Request, withinMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      await requireApiViewer(request);
    } catch (error) {
      if ((error as { code?: string }).code === 'unauthorized') return Date.now() - start;
      throw error;
    }
    if (Date.now() - start > withinMs) throw new Error(`still signed in after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('deactivated users', () => {
  it('refuses a deactivated user’s right password with the wrong-password answer, and ends their sessions within a second', async () => {
    const wrong = await signIn('agent6@callpace.test', 'not-the-password');
    expect(wrong.status).toBe(401);

    const before = await signIn('agent6@callpace.test');
    expect(before.status).toBe(200);
    const request = asRequest(cookieHeader(before.headers));
    expect(await requireApiViewer(request)).toMatchObject({ email: 'agent6@callpace.test' });

    const user = await db.user.findUniqueOrThrow({ where: { email: 'agent6@callpace.test' } });
    const lead = await db.lead.findFirstOrThrow({ where: { ownerId: user.id } });
    await db.lead.update({ where: { id: lead.id }, data: { reservedById: user.id, reservedUntil: new Date(Date.now() + 600_000) } });

    const result = await deactivateUser(user.id);
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(result.releasedLeads).toBe(1);
    expect(await pollUnauthorized(request, 1_000)).toBeLessThanOrEqual(1_000);
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ reservedById: null, reservedUntil: null });

    const after = await signIn('agent6@callpace.test');
    expect(after.status).toBe(401);
    expect(after.json).toEqual(wrong.json);
    expect(after.headers.getSetCookie().some((c) => c.startsWith('callpace.session_token=') && !/Max-Age=0/.test(c))).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses a session whose user was set inactive behind the app’s back, once the 1 s memo lapses', async () => {
    const signedIn = await signIn('agent7@callpace.test');
    const request = asRequest(cookieHeader(signedIn.headers));
    expect(await requireApiViewer(request)).toMatchObject({ email: 'agent7@callpace.test' });
    await db.user.update({ where: { email: 'agent7@callpace.test' }, data: { active: false } });
    expect(await pollUnauthorized(request, 1_500)).toBeLessThanOrEqual(1_500);
    await db.user.update({ where: { email: 'agent7@callpace.test' }, data: { active: true } });
  });
});

describe('session events across instances (Redis pub/sub)', () => {
  const a = createPubSub(process.env.REDIS_URL);
  const b = createPubSub(process.env.REDIS_URL);
  afterAll(() => {
    for (const p of [a, b]) {
      p.subscriber?.disconnect();
      p.publisher?.disconnect();
    }
  });

  it('a revocation published on one instance evicts the memo on another', async () => {
    const viewer: Viewer = { id: 'u1', name: 'A', email: 'a@x', role: 'AGENT', timezone: 'UTC' };
    const memoB = new LRUCache<string, Viewer>({ max: 10, ttl: 60_000 });
    memoB.set('hash-1', viewer);
    memoB.set('hash-2', { ...viewer, id: 'u2' });
    memoB.set('hash-3', viewer);
    subscribe(SESSION_CHANNEL, { onMessage: (m) => applySessionEvent(memoB, m), onReset: () => memoB.clear() }, b);
    await new Promise((resolve) => b.subscriber!.once('ready', resolve).status === 'ready' && resolve(null));
    await new Promise((resolve) => setTimeout(resolve, 100));

    await publish(SESSION_CHANNEL, 'session revoked hash-2', a);
    await expect.poll(() => memoB.has('hash-2'), { timeout: 1_000 }).toBe(false);
    expect(memoB.has('hash-1')).toBe(true);

    await publish(SESSION_CHANNEL, 'user deactivated u1', a);
    await expect.poll(() => memoB.size, { timeout: 1_000 }).toBe(0);
  });

  it('clears the whole memo when the subscriber reconnects (events may have been lost)', async () => {
    const memo = new LRUCache<string, Viewer>({ max: 10, ttl: 60_000 });
    memo.set('k', { id: 'u', name: 'n', email: 'e', role: 'AGENT', timezone: 'UTC' });
    subscribe('callpace:test-reset', { onMessage: () => {}, onReset: () => memo.clear() }, b);
    b.subscriber!.disconnect(true);
    await expect.poll(() => memo.size, { timeout: 2_000 }).toBe(0);
  });
});

describe('sign-out and the auth endpoints', () => {
  it('signs out: the same cookie gets 401 at once', async () => {
    const result = await signIn('agent8@callpace.test');
    const cookie = cookieHeader(result.headers);
    expect(await requireApiViewer(asRequest(cookie))).toMatchObject({ email: 'agent8@callpace.test' });
    const out = await invoke(POST, '/api/auth/sign-out', { body: {}, cookie, headers: origin });
    expect(out.status).toBe(200);
    await expect(requireApiViewer(asRequest(cookie))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['POST', '/api/auth/update-user', { name: 'Boss' }],
    ['POST', '/api/auth/change-email', { newEmail: 'x@evil.example' }],
    ['GET', '/api/auth/list-sessions', undefined],
    ['GET', '/api/auth/get-session', undefined],
  ])('answers 404 in the envelope for %s %s', async (method, path, body) => {
    const cookie = cookieHeader((await signIn('agent9@callpace.test')).headers);
    const result = await invoke(method === 'GET' ? GET : POST, path, { method, body, cookie, headers: origin });
    expect(result.status).toBe(404);
    expect(result.json.error.code).toBe('not_found');
    expect((await db.user.findUniqueOrThrow({ where: { email: 'agent9@callpace.test' } })).name).not.toBe('Boss');
  });

  it('refuses a 10 MB sign-in body with 413 before parsing it', async () => {
    const big = JSON.stringify({ email: 'agent1@callpace.test', password: 'x'.repeat(10 * 1024 * 1024) });
    const result = await invoke(POST, '/api/auth/sign-in/email', { body: big, headers: { 'x-callpace-client-address': '10.9.9.9' } });
    expect(result.status).toBe(413);
    expect(result.json.error.code).toBe('payload_too_large');
  });
});

describe('the next parameter after sign-in', () => {
  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '',
    undefined,
    ['/a', '/b'],
  ])('refuses %j', (next) => expect(safeNextPath(next)).toBeUndefined());
  it.each(['/queue', '/leads?page=2', '/'])('accepts the same-origin path %j', (next) => expect(safeNextPath(next)).toBe(next));
});
