/**
 * Who is asking: read from the session cookie once per request. Pages
 * redirect to /login when signed out and get 403 for the wrong role; APIs
 * answer 401 and 403 in the error envelope.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { headers } from 'next/headers';
import { LRUCache } from 'lru-cache';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiError } from '../http/errors';
import { currentTiming } from '../metrics/context';
import type { Role } from '../db/generated/enums';
import { publish, subscribe } from '../redis/pubsub';
import { singleton } from '../runtime/singleton';
import { getAuth } from './auth';

export type { Role };

export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The person's IANA time zone (users.timezone, 'UTC' unless set): the one source for "their time". */
  timezone: string;
}

/**
 * Verified sessions by their cookies, for one second. Verifying a session
 * (a database read of session and user) costs ~2 ms of CPU, as much as the
 * queue query itself; an agent's screen makes several requests a second.
 * Revocation is immediate on every instance: sign-out publishes
 * `session revoked <token hash>` and deactivation `user deactivated <id>`
 * (lib/platform/redis/pubsub); every instance evicts, and clears the whole memo when
 * its subscriber reconnects. The TTL bounds what a lost event could cost.
 */
export const SESSION_MEMO_MS = 1_000;
export const SESSION_CHANNEL = 'callpace:sessions';

// One per process: every route bundle must see (and evict) the same memo.
function memo(): LRUCache<string, Viewer> {
  return singleton('session-memo', () => {
    const verified = new LRUCache<string, Viewer>({ max: 10_000, ttl: SESSION_MEMO_MS });
    subscribe(SESSION_CHANNEL, { onMessage: (message) => applySessionEvent(verified, message), onReset: () => verified.clear() });
    return verified;
  });
}

/** Applies one `session revoked <hash>` / `user deactivated <id>` event to a memo. */
export function applySessionEvent(verified: LRUCache<string, Viewer>, message: string): void {
  const [subject, verb, id] = message.split(' ');
  if (subject === 'session' && verb === 'revoked') verified.delete(id);
  if (subject === 'user' && verb === 'deactivated') {
    for (const [key, viewer] of verified.entries()) if (viewer.id === id) verified.delete(key);
  }
}

/** SHA-256 of a session token: what the memo is keyed by and what events carry (never the token). */
export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The session token from the signed cookie (cookie name with any prefix, e.g. __Secure-), or null. Unverified:
 * use it only beside a viewer already resolved from the same headers (e.g. to mark "this device").
 */
export function sessionToken(requestHeaders: Headers): string | null {
  const cookies = requestHeaders.get('cookie');
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (!name.endsWith('callpace.session_token')) continue;
    let value = rest.join('=');
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    return value.split('.')[0] || null;
  }
  return null;
}

/** Forgets a session on every instance (sign-out). */
export async function revokeSession(requestHeaders: Headers): Promise<void> {
  const token = sessionToken(requestHeaders);
  if (token) await publishSessionEvent(`session revoked ${hashSessionToken(token)}`);
}

/** Publishes a revocation to every instance's memo, this one included. */
export async function publishSessionEvent(message: string): Promise<void> {
  memo();
  await publish(SESSION_CHANNEL, message);
}

async function viewerFrom(requestHeaders: Headers): Promise<Viewer | null> {
  const token = sessionToken(requestHeaders);
  if (!token) return null;
  const key = hashSessionToken(token);
  const verified = memo();
  const cached = verified.get(key);
  if (cached) return cached;
  const session = await getAuth().api.getSession({ headers: requestHeaders, query: { disableCookieCache: true } });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: Role; timezone: string; active?: boolean };
  // A deactivated user's sessions are deleted too; this covers the moment in between.
  if (user.active === false) return null;
  const viewer: Viewer = { id: user.id, name: user.name, email: user.email, role: user.role, timezone: user.timezone || 'UTC' };
  verified.set(key, viewer);
  return viewer;
}

export const getViewer = cache(async () => viewerFrom(await headers()));

/** For pages: the signed-in viewer with one of `roles`, or a redirect / 403. */
export async function requireViewer(roles?: Role[], from?: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(from ? `/login?next=${encodeURIComponent(from)}` : '/login');
  if (roles && !roles.includes(viewer.role)) forbidden();
  return viewer;
}

/** For route handlers: the signed-in viewer with one of `roles`, or 401 / 403. */
export async function requireApiViewer(request: Request, roles?: Role[]): Promise<Viewer> {
  const viewer = await viewerFrom(request.headers);
  if (!viewer) throw new ApiError('unauthorized', 'Sign in first: POST /api/auth/sign-in/email with { email, password }.');
  const timing = currentTiming();
  if (timing) timing.viewerRole = viewer.role;
  if (roles && !roles.includes(viewer.role)) throw new ApiError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
  return viewer;
}

export const isManager = (viewer: Viewer) => viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
