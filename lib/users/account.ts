/**
 * A person's own account: their sessions (one per signed-in device) and their password. Ending a session
 * deletes its row and tells every instance to forget it (`session revoked <token hash>`, lib/platform/auth/viewer),
 * so it stops working everywhere at once. "This device" is the session whose token the request's cookie
 * carries.
 */
import 'server-only';
import { UAParser } from 'ua-parser-js';
import { ApiError } from '../platform/http/errors';
import { hashSessionToken, publishSessionEvent, type Viewer } from '../platform/auth/viewer';
import { verifyPassword } from '../platform/auth/password';
import { recordAudit } from '../audit/record';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import type { Prisma } from '../platform/db/generated/client';
import { passwordProblem } from './password-schema';
import { teamOf } from './accept';
import { hashPassword, storePasswordHash } from './set-password';

export interface OwnSession {
  id: string;
  /** e.g. "Chrome on Android"; no address (personal data, and not what tells devices apart for a person). */
  device: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

/** "Chrome on Android", "Safari on iOS", or what little the user agent says. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = UAParser(userAgent);
  const name = browser.name?.replace(/^Mobile /, '');
  if (name && os.name) return `${name} on ${os.name}`;
  return name ?? os.name ?? 'Unknown device';
}

export async function listOwnSessions(userId: string, currentToken: string | null): Promise<OwnSession[]> {
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    select: { id: true, token: true, userAgent: true, createdAt: true, updatedAt: true },
    orderBy: { updatedAt: 'desc' },
  });
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.userAgent),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.updatedAt.toISOString(),
    current: row.token === currentToken,
  }));
}

/** Deletes the sessions matching `where` (in `tx` when given) and returns their token hashes, to publish after commit. */
async function deleteSessions(where: Prisma.SessionWhereInput, client: Pick<typeof db, 'session'> = db): Promise<string[]> {
  const rows = await client.session.findMany({ where, select: { id: true, token: true } });
  if (rows.length) await client.session.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
  return rows.map((row) => hashSessionToken(row.token));
}

async function forget(hashes: string[]): Promise<void> {
  await Promise.all(hashes.map((hash) => publishSessionEvent(`session revoked ${hash}`)));
}

/** Ends one of the viewer's own sessions; another person's id is as unknown as a made-up one (404). */
export async function endOwnSession(userId: string, sessionId: string, currentToken: string | null): Promise<{ current: boolean }> {
  const session = await db.session.findFirst({ where: { id: sessionId, userId }, select: { token: true } });
  if (!session) throw new ApiError('not_found', 'No such session: it may have ended already.');
  await forget(await deleteSessions({ id: sessionId, userId }));
  return { current: session.token === currentToken };
}

/** Ends every session of the viewer's but the one this request came with. */
export async function endOtherSessions(userId: string, currentToken: string | null): Promise<{ ended: number }> {
  const hashes = await deleteSessions({ userId, ...(currentToken ? { token: { not: currentToken } } : {}) });
  await forget(hashes);
  return { ended: hashes.length };
}

/**
 * Changes the viewer's password when `currentPassword` is right; every other session ends (whoever knew the
 * old password is signed out), this one stays. The caller limits attempts before calling (the sign-in limit).
 */
export async function changeOwnPassword(
  viewer: Viewer,
  currentToken: string | null,
  currentPassword: string,
  newPassword: string,
): Promise<{ right: boolean; ended: number }> {
  const problem = passwordProblem(newPassword, viewer.email);
  if (problem) throw new ApiError('unprocessable_entity', problem, { issues: [{ path: 'newPassword', message: problem }] });
  const account = await db.account.findFirst({ where: { userId: viewer.id, providerId: 'credential' }, select: { password: true } });
  if (!account?.password || !(await verifyPassword({ hash: account.password, password: currentPassword })))
    return { right: false, ended: 0 };
  const hash = await hashPassword(newPassword);
  const person = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { id: true, role: true, managerId: true } });
  const hashes = await db.$transaction(async (tx) => {
    await storePasswordHash(tx, viewer.id, hash);
    const ended = await deleteSessions({ userId: viewer.id, ...(currentToken ? { token: { not: currentToken } } : {}) }, tx);
    await recordAudit(tx, {
      actorId: viewer.id,
      action: 'user.password_change',
      subjectId: viewer.id,
      teamId: teamOf(person),
      detail: { via: 'account', endedSessions: ended.length },
    });
    return ended;
  });
  await forget(hashes);
  await invalidate(cacheTags.audit);
  return { right: true, ended: hashes.length };
}
