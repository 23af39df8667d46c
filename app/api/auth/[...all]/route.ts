import type { NextRequest } from 'next/server';
import { toNextJsHandler } from 'better-auth/next-js';
import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { assertSameOrigin } from '@/lib/api/origin';
import { getAuth } from '@/lib/auth/auth';
import { forgetSession } from '@/lib/auth/viewer';
import { clientAddress, getSignInLimiter } from '@/lib/auth/sign-in-limiter';

const handlers = () => toNextJsHandler(getAuth());

async function signInKey(request: NextRequest): Promise<string> {
  const body = (await request.clone().json().catch(() => ({}))) as { email?: unknown };
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `${clientAddress(request.headers)}|${email}`;
}

export const GET = withHandler(async (request) => handlers().GET(request));

export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  if (request.nextUrl.pathname.endsWith('/sign-out')) forgetSession(request.headers);
  if (!request.nextUrl.pathname.endsWith('/sign-in/email')) return handlers().POST(request);

  const limiter = getSignInLimiter();
  const key = await signInKey(request);
  const wait = await limiter.retryAfter(key);
  if (wait > 0) {
    throw new ApiError('rate_limited', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
  }
  const response = await handlers().POST(request);
  if (response.status === 401) await limiter.recordFailure(key);
  return response;
});
