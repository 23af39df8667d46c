/**
 * Who is asking: read from the session cookie once per request. Pages
 * redirect to /login when signed out and get 403 for the wrong role; APIs
 * answer 401 and 403 in the error envelope.
 */
import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiError } from '../api/errors';
import { getAuth } from './auth';

export type Role = 'AGENT' | 'MANAGER' | 'ADMIN';

export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: Role;
  timezone: string;
}

async function viewerFrom(requestHeaders: Headers): Promise<Viewer | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: Role; timezone: string };
  return { id: user.id, name: user.name, email: user.email, role: user.role, timezone: user.timezone };
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
  if (roles && !roles.includes(viewer.role)) throw new ApiError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
  return viewer;
}

export const isManager = (viewer: Viewer) => viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
