/** Calling route handlers directly with real requests, and signing in through the real auth route. */
import { NextRequest } from 'next/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers differ in their params type
type Handler = (request: NextRequest, context: { params: Promise<any> }) => Promise<Response>;

export async function invoke(
  handler: Handler,
  url: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const request = new NextRequest(new URL(url, 'http://localhost:3000'), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json: json as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs in through POST /api/auth/sign-in/email and returns the Cookie header to send. */
export async function signIn(
  email: string,
  password = 'callpace-demo',
  address = `10.0.0.${Math.floor(Math.random() * 250) + 1}`,
): Promise<string> {
  const { POST } = await import('@/app/api/auth/[...all]/route');
  const result = await invoke(POST as Handler, '/api/auth/sign-in/email', {
    body: { email, password },
    headers: { 'x-callpace-client-address': address },
  });
  if (result.status !== 200) throw new Error(`sign-in as ${email} failed: ${result.status} ${JSON.stringify(result.json)}`);
  return cookieHeader(result.headers);
}

export function cookieHeader(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
