import { NextRequest } from 'next/server';
import { toNextJsHandler } from 'better-auth/next-js';
import { readCappedText } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { getAuth } from '@/lib/platform/auth/auth';
import { revokeSession } from '@/lib/platform/auth/viewer';
import { clientAddress } from '@/lib/platform/http/client-address';
import { forgiveSignInAttempts, takeSignInAttempt } from '@/lib/platform/auth/sign-in-limit';

/** A sign-in or sign-out body is a few hundred bytes; anything larger is refused before it is parsed. */
const AUTH_BODY_BYTES = 8 * 1024;

/**
 * The only auth endpoints the app uses. Everything else better-auth would
 * serve (update-user, change-email, list-sessions, …) is not ours to expose:
 * a user must not rename themselves or manage sessions around the app's rules.
 */
const OPEN = { POST: new Set(['/api/auth/sign-in/email', '/api/auth/sign-out']), GET: new Set<string>() };

const handlers = () => toNextJsHandler(getAuth());

function assertOpen(request: NextRequest, method: 'GET' | 'POST') {
  if (!OPEN[method].has(request.nextUrl.pathname)) throw new ApiError('not_found', 'No such endpoint.');
}

/** The request with its body read under the cap, for better-auth to parse. */
async function capped(request: NextRequest): Promise<{ request: NextRequest; text: string }> {
  const text = await readCappedText(request, AUTH_BODY_BYTES).catch((error: unknown) => {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_request', 'The body could not be read.');
  });
  return { request: new NextRequest(request.url, { method: request.method, headers: request.headers, body: text }), text };
}

function emailOf(text: string): string {
  try {
    const body = JSON.parse(text) as { email?: unknown };
    if (typeof body?.email === 'string') return body.email.trim().toLowerCase().slice(0, 320);
  } catch {
    // better-auth answers the malformed body itself
  }
  return '';
}

// Better Auth's catch-all: public (signing in is how one gets a session), its bodies read and parsed by better-auth.
export const GET = withHandler(async ({ request }) => {
  assertOpen(request, 'GET');
  return handlers().GET(request);
});

export const POST = withHandler(async ({ request: original }) => {
  // Hand-written: an endpoint we do not serve answers 404 before the origin check (the wrapper checks origin first).
  assertOpen(original, 'POST');
  assertSameOrigin(original);
  const { request, text } = await capped(original);
  if (request.nextUrl.pathname === '/api/auth/sign-out') {
    // Evict only once the session row is gone, or another instance could verify and memoize it again.
    const response = await handlers().POST(request);
    await revokeSession(request.headers);
    return response;
  }

  const address = clientAddress(request.headers);
  const email = emailOf(text);
  await takeSignInAttempt(address, email);
  const response = await handlers().POST(request);
  if (response.ok) await forgiveSignInAttempts(address, email);
  return response;
});
