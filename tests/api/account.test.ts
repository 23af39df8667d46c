/** One's own account: the session list, ending sessions, and changing the password. */
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as signInRoute } from '@/app/api/auth/[...all]/route';
import { POST as changePassword } from '@/app/api/account/password/route';
import { DELETE as endOthers, GET as listSessions } from '@/app/api/account/sessions/route';
import { DELETE as endSession } from '@/app/api/account/sessions/[id]/route';
import { MAX_ATTEMPTS } from '@/lib/platform/auth/sign-in-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { describeDevice } from '@/lib/users/account';
import { seed } from '@/prisma/seed';
import { cookieHeader, invoke, signIn } from '../support/http';

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const MAC_SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const origin = { origin: 'http://localhost:3000' };
const randomAddress = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function signInWith(email: string, userAgent: string, password = 'callpace-demo'): Promise<string> {
  const result = await invoke(signInRoute, '/api/auth/sign-in/email', {
    body: { email, password },
    headers: { 'user-agent': userAgent, 'x-callpace-client-address': randomAddress() },
  });
  expect(result.status).toBe(200);
  return cookieHeader(result.headers);
}
const viewerOf = (cookie: string) =>
  requireApiViewer(new Request('http://localhost/api/leads', { headers: { cookie } })).catch((error: { code?: string }) => error.code);
const sessionsOf = async (cookie: string) =>
  (await invoke(listSessions, '/api/account/sessions', { cookie })).json.sessions as { id: string; device: string; current: boolean }[];
const change = (cookie: string, body: unknown, address = randomAddress()) =>
  invoke(changePassword, '/api/account/password', { body, cookie, headers: { ...origin, 'x-callpace-client-address': address } });

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
});

describe('devices', () => {
  it.each([
    [ANDROID_CHROME, 'Chrome on Android'],
    [MAC_SAFARI, 'Safari on macOS'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [null, 'Unknown device'],
    ['', 'Unknown device'],
  ])('%s → %s', (userAgent, device) => {
    expect(describeDevice(userAgent)).toBe(device);
  });
});

describe('sessions', () => {
  it('lists only one’s own sessions, this device marked, no address', async () => {
    const phone = await signInWith('agent20@callpace.test', ANDROID_CHROME);
    const laptop = await signInWith('agent20@callpace.test', MAC_SAFARI);
    await signInWith('agent21@callpace.test', ANDROID_CHROME);

    const result = await invoke(listSessions, '/api/account/sessions', { cookie: phone });
    expect(result.status).toBe(200);
    const sessions = result.json.sessions as Record<string, unknown>[];
    expect(sessions).toHaveLength(2);
    expect(sessions.find((s) => s.current)).toMatchObject({ device: 'Chrome on Android' });
    expect(sessions.find((s) => !s.current)).toMatchObject({ device: 'Safari on macOS' });
    for (const session of sessions) expect(Object.keys(session).sort()).toEqual(['createdAt', 'current', 'device', 'id', 'lastUsedAt']);
    expect((await sessionsOf(laptop)).find((s) => s.current)?.device).toBe('Safari on macOS');
    expect((await invoke(listSessions, '/api/account/sessions')).status).toBe(401);
  });

  it('ends one of one’s own sessions; another person’s session id is 404 and stays', async () => {
    const mine = await signInWith('agent22@callpace.test', ANDROID_CHROME);
    const other = await signInWith('agent22@callpace.test', MAC_SAFARI);
    const theirs = await signInWith('agent23@callpace.test', ANDROID_CHROME);
    const [theirSession] = await sessionsOf(theirs);

    for (const id of [theirSession.id, '3f1c0000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const refused = await invoke(endSession, `/api/account/sessions/${id}`, {
        method: 'DELETE',
        cookie: mine,
        headers: origin,
        params: { id },
      });
      expect(refused.status, id).toBe(404);
    }
    expect(await viewerOf(theirs)).toMatchObject({ email: 'agent23@callpace.test' });

    const otherId = (await sessionsOf(mine)).find((s) => !s.current)!.id;
    const ended = await invoke(endSession, `/api/account/sessions/${otherId}`, {
      method: 'DELETE',
      cookie: mine,
      headers: origin,
      params: { id: otherId },
    });
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ current: false });
    expect(await viewerOf(other)).toBe('unauthorized');
    expect(await viewerOf(mine)).toMatchObject({ email: 'agent22@callpace.test' });

    const cross = await invoke(endSession, `/api/account/sessions/${otherId}`, {
      method: 'DELETE',
      cookie: mine,
      headers: { origin: 'https://evil.example' },
      params: { id: otherId },
    });
    expect(cross.status).toBe(403);
  });

  it('ends every other session, or this one (which signs out)', async () => {
    const email = 'agent24@callpace.test';
    const [here, a, b] = [
      await signInWith(email, ANDROID_CHROME),
      await signInWith(email, MAC_SAFARI),
      await signInWith(email, MAC_SAFARI),
    ];
    const others = await invoke(endOthers, '/api/account/sessions', { method: 'DELETE', cookie: here, headers: origin });
    expect(others.json).toEqual({ ended: 2 });
    expect([await viewerOf(a), await viewerOf(b)]).toEqual(['unauthorized', 'unauthorized']);

    const [current] = await sessionsOf(here);
    expect(current.current).toBe(true);
    const self = await invoke(endSession, `/api/account/sessions/${current.id}`, {
      method: 'DELETE',
      cookie: here,
      headers: origin,
      params: { id: current.id },
    });
    expect(self.json).toEqual({ current: true });
    expect(await viewerOf(here)).toBe('unauthorized');
  });
});

describe('changing the password', () => {
  // An account no other test file signs in as: the hostile suite's wrong passwords count against manager3.
  const email = 'agent36@callpace.test';

  it('needs the current password, refuses a weak new one, and ends the other sessions but not this one', async () => {
    const here = await signInWith(email, ANDROID_CHROME);
    const elsewhere = await signInWith(email, MAC_SAFARI);

    const wrong = await change(here, { currentPassword: 'not-my-password', newPassword: 'a-fresh-long-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toBe('Your current password is not right.');
    for (const newPassword of ['too-short', email, 'x'.repeat(129)]) {
      const weak = await change(here, { currentPassword: 'callpace-demo', newPassword });
      expect(weak.status, newPassword).toBe(422);
    }
    expect(await viewerOf(elsewhere)).toMatchObject({ email });

    const ok = await change(here, { currentPassword: 'callpace-demo', newPassword: 'a-fresh-long-password' });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ endedSessions: 1 });
    expect(await viewerOf(elsewhere)).toBe('unauthorized');
    expect(await viewerOf(here)).toMatchObject({ email });
    await expect(signIn(email)).rejects.toThrow(/401/);
    expect(await signIn(email, 'a-fresh-long-password')).toContain('callpace.session_token=');
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.auditEvent.findFirst({ where: { action: 'user.password_change', subjectId: user.id } })).toMatchObject({
      actorId: user.id,
      teamId: user.managerId,
      detail: { via: 'account' },
    });

    // Put the demo password back for the rest of the run.
    expect((await change(here, { currentPassword: 'a-fresh-long-password', newPassword: 'callpace-demo' })).status).toBe(200);
  });

  it('lets wrong current passwords through no faster than sign-in attempts', async () => {
    const here = await signInWith('agent25@callpace.test', ANDROID_CHROME);
    const address = randomAddress();
    // Weak new passwords are refused before the current one is checked: they cost no attempt.
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++)
      expect((await change(here, { currentPassword: `guess-${i}`, newPassword: 'short' }, address)).status).toBe(422);
    for (let i = 0; i < MAX_ATTEMPTS; i++)
      expect((await change(here, { currentPassword: `guess-${i}`, newPassword: 'a-fresh-long-password' }, address)).status).toBe(403);
    const held = await change(here, { currentPassword: 'callpace-demo', newPassword: 'a-fresh-long-password' }, address);
    expect(held.status).toBe(429);
    // The right password from elsewhere still works, and forgives the account.
    expect((await change(here, { currentPassword: 'callpace-demo', newPassword: 'a-fresh-long-password' })).status).toBe(200);
  });

  it('answers 401 signed out', async () => {
    expect((await change('', { currentPassword: 'x', newPassword: 'y' })).status).toBe(401);
  });
});
