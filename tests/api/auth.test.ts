import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/auth/[...all]/route';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { MAX_ATTEMPTS as MAX_FAILURES } from '@/lib/platform/auth/sign-in-limit';
import { seed } from '@/prisma/seed';
import { cookieHeader, invoke } from '../support/http';

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
});

const signIn = (email: string, password: string, address: string, headers: Record<string, string> = {}) =>
  invoke(POST, '/api/auth/sign-in/email', { body: { email, password }, headers: { 'x-callpace-client-address': address, ...headers } });

describe('POST /api/auth/sign-in/email', () => {
  it('signs a demo agent in with an httpOnly, SameSite session cookie', async () => {
    const result = await signIn('agent1@callpace.test', 'callpace-demo', '10.1.0.1');
    expect(result.status).toBe(200);
    expect(result.json.user).toMatchObject({ email: 'agent1@callpace.test', role: 'AGENT' });
    const session = result.headers.getSetCookie().find((c) => c.startsWith('callpace.session_token='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Max-Age=\d+/);

    const request = new Request('http://localhost/api/leads', { headers: { cookie: cookieHeader(result.headers) } });
    expect(await requireApiViewer(request)).toMatchObject({ email: 'agent1@callpace.test', role: 'AGENT' });
    await expect(requireApiViewer(request, ['MANAGER', 'ADMIN'])).rejects.toMatchObject({ code: 'forbidden' });
  });

  it.each([
    ['a wrong password', 'agent2@callpace.test', 'not-the-password'],
    ['an unknown email', 'nobody@callpace.test', 'callpace-demo'],
  ])('refuses %s with 401 and no cookie', async (_, email, password) => {
    const result = await signIn(email, password, '10.1.0.2');
    expect(result.status).toBe(401);
    expect(result.headers.getSetCookie().some((c) => c.startsWith('callpace.session_token=') && !/Max-Age=0/.test(c))).toBe(false);
  });

  it('signs out: the server forgets the session at once, even for a request that just used it', async () => {
    const result = await signIn('agent3@callpace.test', 'callpace-demo', '10.1.0.5');
    const cookie = cookieHeader(result.headers);
    const token = cookie.split('; ').find((c) => c.startsWith('callpace.session_token='))!;
    const withToken = new Request('http://localhost/api/leads', { headers: { cookie: token } });
    expect(await requireApiViewer(withToken)).toMatchObject({ email: 'agent3@callpace.test' });

    const out = await invoke(POST, '/api/auth/sign-out', { body: {}, cookie, headers: { origin: 'http://localhost:3000' } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('callpace.session_token=') && /Max-Age=0/.test(c))).toBe(true);
    await expect(requireApiViewer(withToken)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses an expired session', async () => {
    const result = await signIn('agent4@callpace.test', 'callpace-demo', '10.1.0.6');
    const token = cookieHeader(result.headers)
      .split('; ')
      .find((c) => c.startsWith('callpace.session_token='))!;
    const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 1 });
    await sql.exec(
      "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE email = 'agent4@callpace.test')",
    );
    await sql.close();
    await expect(requireApiViewer(new Request('http://localhost/api/leads', { headers: { cookie: token } }))).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it('answers 401 without a session', async () => {
    await expect(requireApiViewer(new Request('http://localhost/api/leads'))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it(`limits failed sign-ins to ${MAX_FAILURES}, then answers 429 with Retry-After even for the right password`, async () => {
    const address = `10.2.${Date.now() % 250}.9`;
    for (let i = 0; i < MAX_FAILURES; i++) expect((await signIn('agent3@callpace.test', 'wrong-password', address)).status).toBe(401);
    const blocked = await signIn('agent3@callpace.test', 'callpace-demo', address);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.json.error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await signIn('agent3@callpace.test', 'callpace-demo', `${address}1`)).status).toBe(200);
  });

  it('accepts a sign-in posted by the app’s own page (Origin of the host it was sent to)', async () => {
    const result = await signIn('agent5@callpace.test', 'callpace-demo', '10.1.0.5', {
      origin: 'http://127.0.0.1:3100',
      host: '127.0.0.1:3100',
    });
    expect(result.status).toBe(200);
  });

  it('refuses a sign-in posted from another origin', async () => {
    const result = await signIn('agent4@callpace.test', 'callpace-demo', '10.1.0.4', { origin: 'https://evil.example' });
    expect(result.status).toBe(403);
    expect(result.json.error.code).toBe('forbidden');
  });
});

describe('sign-in hardening', () => {
  it('20 parallel wrong passwords for one address and email: exactly 5 reach the password check (401), 15 × 429', async () => {
    const address = `10.3.${Date.now() % 250}.7`;
    // A good sign-in first (from elsewhere) clears the account's own count, which earlier runs against this Redis may have used.
    expect((await signIn('agent6@callpace.test', 'callpace-demo', `${address}0`)).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn('agent6@callpace.test', 'wrong-password', address)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('a deactivated person cannot sign in (told what a wrong password is told) and their session stops', async () => {
    const { deactivateUser, reactivateUser } = await import('@/lib/users/deactivate');
    const before = await signIn('agent7@callpace.test', 'callpace-demo', '10.1.7.1');
    const token = cookieHeader(before.headers);
    const request = new Request('http://localhost/api/leads', { headers: { cookie: token } });
    const { id } = await requireApiViewer(request);
    await deactivateUser(id);
    await new Promise((r) => setTimeout(r, 1_100)); // the session memo's second
    await expect(requireApiViewer(request)).rejects.toMatchObject({ code: 'unauthorized' });
    const wrong = await signIn('agent7@callpace.test', 'not-the-password', '10.1.7.2');
    const inactive = await signIn('agent7@callpace.test', 'callpace-demo', '10.1.7.3');
    expect(inactive.status).toBe(401);
    expect(inactive.json).toEqual(wrong.json);
    await reactivateUser(id);
    expect((await signIn('agent7@callpace.test', 'callpace-demo', '10.1.7.4')).status).toBe(200);
  });

  it.each([
    ['update-user (renaming yourself)', '/api/auth/update-user', 'POST'],
    ['sign-up', '/api/auth/sign-up/email', 'POST'],
    ['list-sessions', '/api/auth/list-sessions', 'GET'],
  ])('%s is not open: 404', async (_, path, method) => {
    const cookie = cookieHeader((await signIn('agent8@callpace.test', 'callpace-demo', '10.1.8.1')).headers);
    const { GET } = await import('@/app/api/auth/[...all]/route');
    const result = await invoke(method === 'GET' ? GET : POST, path, {
      method,
      cookie,
      ...(method === 'POST' ? { body: { name: 'Renamed' } } : {}),
      headers: { origin: 'http://localhost:3000' },
    });
    expect(result.status).toBe(404);
  });

  it('a 10 MB sign-in body is refused with 413 before it is parsed', async () => {
    const body = JSON.stringify({ email: 'agent1@callpace.test', password: 'x'.repeat(10 * 1024 * 1024) });
    const result = await invoke(POST, '/api/auth/sign-in/email', { body, headers: { 'x-callpace-client-address': '10.1.9.1' } });
    expect(result.status).toBe(413);
  });
});
