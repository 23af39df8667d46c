/**
 * POST /api/invitations/accept: setting a password from an invitation or a reset link. Tokens are made with
 * issueToken directly (the people APIs that issue them have their own tests).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as accept } from '@/app/api/invitations/accept/route';
import InvitePage from '@/app/invite/[token]/page';
import ResetPage from '@/app/reset/[token]/page';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { viewLink } from '@/lib/users/accept';
import { hashToken, inspectToken, issueToken } from '@/lib/users/tokens';
import { seed } from '@/prisma/seed';
import { cookieHeader, invoke, signIn } from '../support/http';

const origin = { origin: 'http://localhost:3000' };
const post = (body: unknown) => invoke(accept, '/api/invitations/accept', { body, headers: origin });
const viewerOf = (cookie: string) =>
  requireApiViewer(new Request('http://localhost/api/leads', { headers: { cookie } })).catch((error: { code?: string }) => error.code);
const PASSWORD = 'invited-and-long-enough';

let admin: { id: string; name: string };
let manager: { id: string; name: string };

async function invitee(email: string, issuerId: string | null = admin.id) {
  const user = await db.user.create({ data: { email, name: 'Ivy Invitee', role: 'AGENT', managerId: manager.id } });
  const { token } = await issueToken('INVITE', user.id, issuerId);
  return { user, token };
}

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
  admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@callpace.test' }, select: { id: true, name: true } });
  manager = await db.user.findUniqueOrThrow({ where: { email: 'manager2@callpace.test' }, select: { id: true, name: true } });
});
afterAll(async () => {
  await db.user.deleteMany({ where: { email: { endsWith: '@invite.test' } } });
});

describe('invitations', () => {
  it('refuses weak passwords with 422 without using the link', async () => {
    const { token } = await invitee('weak@invite.test');
    for (const password of ['too-short', 'weak@invite.test', 'WEAK@invite.test', 'x'.repeat(129)]) {
      const result = await post({ token, password });
      expect(result.status, password).toBe(422);
      expect(result.json.error.issues[0].path).toBe('password');
    }
    expect(await inspectToken(token, ['INVITE'])).toMatchObject({ state: 'valid' });
    expect((await post({ token, password: PASSWORD })).status).toBe(200);
  });

  it('sets the password, verifies the email, signs in, and works once', async () => {
    const { user, token } = await invitee('ivy@invite.test');
    expect(await viewLink(token, ['INVITE'])).toEqual({
      state: 'valid',
      kind: 'INVITE',
      person: { name: 'Ivy Invitee', email: 'ivy@invite.test' },
    });

    const result = await post({ token, password: PASSWORD });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ redirect: '/queue', user: { id: user.id, role: 'AGENT' } });
    expect(await viewerOf(cookieHeader(result.headers))).toMatchObject({ id: user.id, role: 'AGENT' });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ emailVerified: true });
    expect(await db.auditEvent.findFirst({ where: { action: 'user.password_change', subjectId: user.id } })).toMatchObject({
      actorId: user.id,
      teamId: manager.id,
      detail: { via: 'invitation' },
    });
    expect(await signIn('ivy@invite.test', PASSWORD)).toContain('callpace.session_token=');

    const again = await post({ token, password: 'another-long-password' });
    expect(again.status).toBe(410);
    expect(again.json.error.message).toBe(`This invitation was already used. Ask ${admin.name} for a new one.`);
    expect(await viewLink(token, ['INVITE'])).toEqual({ state: 'used', kind: 'INVITE', askWhom: admin.name });
  });

  it('answers 410 for an expired link (naming "your admin" when the issuer is unknown) and 404 for an unknown one', async () => {
    const { token } = await invitee('late@invite.test', null);
    await db.userToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await post({ token, password: PASSWORD });
    expect(expired.status).toBe(410);
    expect(expired.json.error.message).toBe('This invitation has expired. Ask your admin for a new one.');

    for (const unknown of ['A'.repeat(43), 'not-a-token', ''])
      expect((await post({ token: unknown, password: PASSWORD })).status).toBe(404);
    // A setup link is not an invitation.
    const setup = await issueToken('SETUP', null, null);
    expect((await post({ token: setup.token, password: PASSWORD })).status).toBe(404);
  });

  it('answers 410 for a deactivated person’s invitation', async () => {
    const { user, token } = await invitee('gone@invite.test');
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    const result = await post({ token, password: PASSWORD });
    expect(result.status).toBe(410);
    expect(result.json.error.message).toBe('This account was deactivated; ask your admin.');
    expect(await viewLink(token, ['INVITE'])).toEqual({ state: 'deactivated' });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses cross-site requests', async () => {
    const { token } = await invitee('csrf@invite.test');
    const result = await invoke(accept, '/api/invitations/accept', {
      body: { token, password: PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(result.status).toBe(403);
    expect(await inspectToken(token, ['INVITE'])).toMatchObject({ state: 'valid' });
  });
});

describe('password resets', () => {
  it('sets the new password and ends every earlier session of the person', async () => {
    const email = 'agent15@callpace.test';
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const [phone, laptop] = await Promise.all([signIn(email), signIn(email)]);
    expect(await viewerOf(phone)).toMatchObject({ id: user.id });
    expect(await viewerOf(laptop)).toMatchObject({ id: user.id });

    const { token } = await issueToken('RESET', user.id, manager.id);
    const result = await post({ token, password: 'a-brand-new-password' });
    expect(result.status).toBe(200);
    expect(await viewerOf(phone)).toBe('unauthorized');
    expect(await viewerOf(laptop)).toBe('unauthorized');
    expect(await viewerOf(cookieHeader(result.headers))).toMatchObject({ id: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    await expect(signIn(email)).rejects.toThrow(/401/);
    expect(await signIn(email, 'a-brand-new-password')).toContain('callpace.session_token=');
    expect(await db.auditEvent.findFirst({ where: { action: 'user.password_change', subjectId: user.id } })).toMatchObject({
      detail: { via: 'reset' },
    });

    const again = await post({ token, password: 'a-third-long-password' });
    expect(again.status).toBe(410);
    expect(again.json.error.message).toBe(`This password-reset link was already used. Ask ${manager.name} for a new one.`);
  });

  it('only the newest link a person was given works', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'agent16@callpace.test' } });
    const older = await issueToken('RESET', user.id, admin.id);
    const newer = await issueToken('RESET', user.id, admin.id);
    expect((await post({ token: older.token, password: 'a-brand-new-password' })).status).toBe(410);
    expect((await post({ token: newer.token, password: 'a-brand-new-password' })).status).toBe(200);
  });
});

describe('the pages the links open', () => {
  const render = async (Page: typeof InvitePage, token: string) => renderToStaticMarkup(await Page({ params: Promise.resolve({ token }) }));

  it('say why a link cannot be used, whom to ask, and lead to sign-in', async () => {
    const { token } = await invitee('page@invite.test');
    expect(await render(InvitePage, 'A'.repeat(43))).toContain('This invitation link is not valid');
    // An invitation is not a reset link.
    expect(await render(ResetPage, token)).toContain('This reset link is not valid');
    await post({ token, password: PASSWORD });
    const used = await render(InvitePage, token);
    expect(used).toContain('This invitation was already used');
    expect(used).toContain(`Ask ${admin.name} for a new one.`);
    expect(used).toMatch(/<a [^>]*href="\/login"/);

    const user = await db.user.findUniqueOrThrow({ where: { email: 'agent17@callpace.test' } });
    const reset = await issueToken('RESET', user.id, null);
    await db.userToken.update({ where: { tokenHash: hashToken(reset.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await render(ResetPage, reset.token)).toContain('This reset link has expired');
    expect(await render(ResetPage, reset.token)).toContain('Ask your admin for a new one.');
  });
});
