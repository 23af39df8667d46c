/**
 * Who is asking: read from the session cookie once per request. Pages
 * redirect to /login when signed out and get 403 for the wrong role; APIs
 * answer 401 and 403 in the error envelope.
 */
import 'server-only';
import { headers } from 'next/headers';
import { LRUCache } from 'lru-cache';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiError } from '../api/errors';
import { getAuth } from './auth';
import { currentTiming } from '../metrics/context';

export type Role = 'AGENT' | 'MANAGER' | 'ADMIN';

export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: Role;
  timezone: string;
}

/**
 * Verified sessions by their cookies, for a few seconds. Verifying the signed
 * session cookie through better-auth costs ~2 ms of CPU, as much as the
 * queue query itself; an agent's screen makes several requests a second.
 * Sign-out evicts at once here; on other instances a signed-out session or a
 * deactivated person stops within SESSION_MEMO_MS (the session is read from
 * the database on every miss: there is no signed cookie cache).
 */
const SESSION_MEMO_MS = 1_000;
const verified = new LRUCache<string, Viewer>({ max: 10_000, ttl: SESSION_MEMO_MS });

/** The signed session token (cookie name with any prefix, e.g. __Secure-), or null when there is none. */
function sessionKey(requestHeaders: Headers): string | null {
  const cookies = requestHeaders.get('cookie');
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name.endsWith('callpace.session_token')) return rest.join('=') || null;
  }
  return null;
}

/** Forget a memoized session (on sign-out). */
export function forgetSession(requestHeaders: Headers): void {
  const key = sessionKey(requestHeaders);
  if (key) verified.delete(key);
}

async function viewerFrom(requestHeaders: Headers): Promise<Viewer | null> {
  const key = sessionKey(requestHeaders);
  if (!key) return null;
  const memo = verified.get(key);
  if (memo) return memo;
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: Role; timezone: string; active: boolean };
  if (user.active === false) return null;
  const viewer: Viewer = { id: user.id, name: user.name, email: user.email, role: user.role, timezone: user.timezone };
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
  const timing = currentTiming();
  if (timing && viewer) timing.viewerRole = viewer.role;
  if (!viewer) throw new ApiError('unauthorized', 'Sign in first: POST /api/auth/sign-in/email with { email, password }.');
  if (roles && !roles.includes(viewer.role)) throw new ApiError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
  return viewer;
}

export const isManager = (viewer: Viewer) => viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
