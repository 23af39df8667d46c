import type { NextRequest } from 'next/server';
import { toNextJsHandler } from 'better-auth/next-js';
import { readCappedText } from '@/lib/api/body';
import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { assertSameOrigin } from '@/lib/api/origin';
import { getAuth } from '@/lib/auth/auth';
import { revokeSession } from '@/lib/auth/viewer';
import { clientAddress, getSignInLimiter } from '@/lib/auth/sign-in-limiter';
import { db } from '@/lib/db/client';

const handlers = () => toNextJsHandler(getAuth());

/**
 * Only the endpoints the app uses are open (components/auth/*): better-auth's
 * others (update-user, change-email, list-sessions…) would let a user rename
 * themselves or read what the app never shows. Everything else is 404.
 */
const OPEN_POSTS = new Set(['/api/auth/sign-in/email', '/api/auth/sign-out']);
const OPEN_GETS = new Set<string>();
/** Sign-in and sign-out bodies are tiny; the cap applies before better-auth parses anything. */
const AUTH_BODY_BYTES = 8 * 1024;

function assertOpen(request: NextRequest, open: Set<string>) {
  if (!open.has(request.nextUrl.pathname)) throw new ApiError('not_found', 'There is no such endpoint.');
}

/** The same request with its body read under the cap (413 past it). */
async function withCappedBody(request: NextRequest): Promise<NextRequest> {
  const body = await readCappedText(request, AUTH_BODY_BYTES);
  const copy = new Request(request.url, { method: request.method, headers: request.headers, body });
  return new (request.constructor as typeof NextRequest)(copy);
}

async function signInKey(request: NextRequest): Promise<string> {
  const body = (await request.clone().json().catch(() => ({}))) as { email?: unknown };
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `${clientAddress(request.headers)}|${email}`;
}

/**
 * better-auth knows nothing of `active`: a deactivated user's right password
 * gets the very answer a wrong one gets, after the same password check (no
 * enumeration by message or timing), and the session just made is deleted.
 */
async function refuseInactive(response: Response): Promise<Response> {
  if (response.status !== 200) return response;
  const body = (await response.clone().json().catch(() => null)) as { token?: string; user?: { id?: string } } | null;
  const user = body?.user?.id ? await db.user.findUnique({ where: { id: body.user.id }, select: { active: true } }) : null;
  if (user?.active !== false) return response;
  if (body?.token) await db.session.deleteMany({ where: { token: body.token } });
  return Response.json(INVALID_CREDENTIALS, { status: 401 });
}

/** better-auth's answer to a wrong email or password. */
const INVALID_CREDENTIALS = { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' };

export const GET = withHandler(async (request) => {
  assertOpen(request, OPEN_GETS);
  return handlers().GET(request);
});

export const POST = withHandler(async (original) => {
  assertOpen(original, OPEN_POSTS);
  assertSameOrigin(original);
  const request = await withCappedBody(original);
  if (request.nextUrl.pathname.endsWith('/sign-out')) {
    // Evict only once the session row is gone, or another instance could verify and memoize it again.
    const response = await handlers().POST(request);
    await revokeSession(request.headers);
    return response;
  }

  const limiter = getSignInLimiter();
  const key = await signInKey(request);
  const wait = await limiter.retryAfter(key);
  if (wait > 0) {
    throw new ApiError('rate_limited', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
  }
  const response = await refuseInactive(await handlers().POST(request));
  if (response.status === 401) await limiter.recordFailure(key);
  return response;
});
