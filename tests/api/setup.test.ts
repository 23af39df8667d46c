/**
 * The first admin: `npm start`'s setup link on a database with no users, POST /api/setup, and every way a
 * setup link is refused. The test database is shared by the run's files, so this one empties the users
 * table (and with it everything that points at a user) and seeds the demo data back afterwards.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as setup } from '@/app/api/setup/route';
import SetupPage from '@/app/setup/page';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { issueSetupLinkIfNoAdmin } from '@/lib/users/setup';
import { hashToken, inspectToken, TOKEN_LIFETIME_MS } from '@/lib/users/tokens';
import { seed } from '@/prisma/seed';
import { cookieHeader, invoke, signIn } from '../support/http';

const origin = { origin: 'http://localhost:3000' };
const post = (body: unknown, headers: Record<string, string> = origin) => invoke(setup, '/api/setup', { body, headers });
const page = async (token: string) => renderToStaticMarkup(await SetupPage({ searchParams: Promise.resolve({ token }) }));
const admin = { name: 'Ada Admin', email: 'Ada.Admin@Example.test', password: 'a-long-enough-secret' };
let sql: SqlRunner;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await sql.exec('TRUNCATE users CASCADE');
});
afterAll(async () => {
  await seed(sql, { scale: 'small' });
  await sql.close();
});

describe('the setup link npm start prints', () => {
  it('is issued while there is no active admin, hashed, for 24 h, and each new one retires the last', async () => {
    const first = await issueSetupLinkIfNoAdmin(sql);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await sql.query<{ token_hash: string; expires_at: Date; used_at: Date | null }>(
      'SELECT token_hash, expires_at, used_at FROM user_tokens WHERE kind = $1',
      ['SETUP'],
    );
    expect(row.token_hash).toBe(hashToken(first!));
    expect(Math.abs(row.expires_at.getTime() - Date.now() - TOKEN_LIFETIME_MS.SETUP)).toBeLessThan(60_000);
    expect(await inspectToken(first, ['SETUP'])).toMatchObject({ state: 'valid', kind: 'SETUP' });

    const second = await issueSetupLinkIfNoAdmin(sql);
    expect(second).not.toBe(first);
    expect(await inspectToken(first, ['SETUP'])).toMatchObject({ state: 'expired' });
    expect(await inspectToken(second, ['SETUP'])).toMatchObject({ state: 'valid' });
    expect((await post({ ...admin, token: first })).status).toBe(410);
  });
});

describe('POST /api/setup', () => {
  let token: string;
  beforeAll(async () => {
    token = (await issueSetupLinkIfNoAdmin(sql))!;
  });

  it.each([
    ['a password under 12 characters', { password: 'short-one' }, 'password'],
    ['the email as the password', { password: 'ada.admin@example.test' }, 'password'],
    ['a bad email', { email: 'not an email' }, 'email'],
    ['an empty name', { name: '   ' }, 'name'],
  ])('refuses %s with 422 and leaves the link usable', async (_name, change, field) => {
    const result = await post({ ...admin, token, ...change });
    expect(result.status).toBe(422);
    expect(result.json.error.issues[0].path).toBe(field);
    expect(await inspectToken(token, ['SETUP'])).toMatchObject({ state: 'valid' });
  });

  it('answers 404 for a link that is not one, and 403 across sites', async () => {
    expect((await post({ ...admin, token: 'x'.repeat(43) })).status).toBe(404);
    expect((await post({ ...admin, token: 'short' })).status).toBe(404);
    expect((await post({ ...admin, token }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('creates the admin and signs them in; two racing submits create one admin', async () => {
    const [a, b] = await Promise.all([post({ ...admin, token }), post({ ...admin, token })]);
    const [won, lost] = a.status === 201 ? [a, b] : [b, a];
    expect(won.status).toBe(201);
    expect([409, 410]).toContain(lost.status);
    expect(won.json).toMatchObject({ redirect: '/dashboard', user: { role: 'ADMIN' } });

    const cookie = cookieHeader(won.headers);
    const viewer = await requireApiViewer(new Request('http://localhost/api/leads', { headers: { cookie } }));
    expect(viewer).toMatchObject({ role: 'ADMIN', email: 'ada.admin@example.test', name: 'Ada Admin' });
    expect(await db.user.count({ where: { role: 'ADMIN' } })).toBe(1);
    const user = await db.user.findUniqueOrThrow({ where: { email: 'ada.admin@example.test' } });
    expect(user.emailVerified).toBe(true);
    expect(await db.auditEvent.findMany({ where: { action: 'user.setup' }, select: { actorId: true, subjectId: true } })).toEqual([
      { actorId: user.id, subjectId: user.id },
    ]);
    expect(await inspectToken(token, ['SETUP'])).toMatchObject({ state: 'used' });
    expect(await signIn('ada.admin@example.test', admin.password)).toContain('callpace.session_token=');
  });

  it('refuses once an admin exists: 409, and npm start prints no link', async () => {
    expect(await issueSetupLinkIfNoAdmin(sql)).toBeNull();
    const result = await post({ ...admin, email: 'second@example.test', token });
    expect(result.status).toBe(409);
    expect(await db.user.count()).toBe(1);
    expect(await page(token)).toContain('Callpace is already set up');
  });

  it('answers 410 for a used or an expired link while there is no active admin', async () => {
    await db.user.updateMany({ where: { role: 'ADMIN' }, data: { active: false } });
    try {
      const used = await post({ ...admin, email: 'other@example.test', token });
      expect(used.status).toBe(410);
      expect(used.json.error.message).toMatch(/already used.*npm start/);
      const usedPage = await page(token);
      expect(usedPage).toContain('This setup link was already used');
      expect(usedPage).toContain('Restart Callpace (npm start) to print a new one, or ask whoever runs it.');
      expect(usedPage).toMatch(/<a [^>]*href="\/login"/);

      const fresh = (await issueSetupLinkIfNoAdmin(sql))!;
      await db.userToken.update({ where: { tokenHash: hashToken(fresh) }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await post({ ...admin, email: 'other@example.test', token: fresh });
      expect(expired.status).toBe(410);
      expect(expired.json.error.message).toMatch(/expired/);
      expect(await page(fresh)).toContain('This setup link has expired');
    } finally {
      await db.user.updateMany({ where: { role: 'ADMIN' }, data: { active: true } });
    }
  });
});
