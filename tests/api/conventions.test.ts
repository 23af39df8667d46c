import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseJson } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';

const Body = z.object({ name: z.string().min(1), count: z.number().int().positive() });

const echo = withHandler(async (request) => Response.json(await parseJson(request, Body, { maxBytes: 1024 })));
const noParams = { params: Promise.resolve({} as Record<string, string>) };

function post(body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new NextRequest('http://localhost/api/echo', { method: 'POST', body, headers });
}

async function call(handler: (request: NextRequest, context: typeof noParams) => Promise<Response>, request: NextRequest) {
  const response = await handler(request, noParams);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

afterEach(() => vi.restoreAllMocks());

describe('withHandler + parseJson', () => {
  it('passes a valid body through', async () => {
    const result = await call(echo, post(JSON.stringify({ name: 'a', count: 2 })));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ name: 'a', count: 2 });
    expect(result.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it.each([
    { name: 'wrong content type', request: () => post('{}', { 'content-type': 'application/x-www-form-urlencoded' }), status: 415, code: 'unsupported_media_type' },
    { name: 'text/plain where only JSON is allowed', request: () => post('{}', { 'content-type': 'text/plain' }), status: 415, code: 'unsupported_media_type' },
    { name: 'malformed JSON', request: () => post('{"name":'), status: 400, code: 'bad_request' },
    { name: 'declared size over the cap', request: () => post('{}', { 'content-type': 'application/json', 'content-length': '5000' }), status: 413, code: 'payload_too_large' },
    { name: 'streamed size over the cap', request: () => post(JSON.stringify({ name: 'x'.repeat(2000), count: 1 })), status: 413, code: 'payload_too_large' },
    { name: 'schema violation', request: () => post(JSON.stringify({ name: '', count: -1 })), status: 422, code: 'unprocessable_entity' },
  ])('answers $name with $status and the error envelope', async ({ request, status, code }) => {
    const result = await call(echo, request());
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    expect(result.body.error.message).toEqual(expect.any(String));
    expect(result.body.error.requestId).toBe(result.headers.get('x-request-id'));
  });

  it('lists every invalid field on 422', async () => {
    const result = await call(echo, post(JSON.stringify({ name: '', count: -1 })));
    expect(result.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['count', 'name']);
  });

  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rate_limited', 429],
  ] as const)('maps ApiError %s to %i', async (code, status) => {
    const handler = withHandler(async () => {
      throw new ApiError(code, 'nope', undefined, code === 'rate_limited' ? { 'retry-after': '30' } : undefined);
    });
    const result = await call(handler, post(null));
    expect(result.status).toBe(status);
    expect(result.body.error).toMatchObject({ code, message: 'nope' });
    if (code === 'rate_limited') expect(result.headers.get('retry-after')).toBe('30');
  });

  it('answers an unexpected error with a bare 500 and logs it with the request id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = withHandler(async () => {
      throw new Error('connection string postgresql://secret@db leaked?');
    });
    const result = await call(handler, new NextRequest('http://localhost/api/x', { headers: { 'x-request-id': 'req-123' } }));
    expect(result.status).toBe(500);
    expect(result.body.error.code).toBe('internal_error');
    expect(JSON.stringify(result.body)).not.toContain('secret');
    expect(result.headers.get('x-request-id')).toBe('req-123');
    const logged = JSON.parse(log.mock.calls[0][0] as string);
    expect(logged).toMatchObject({ level: 'error', requestId: 'req-123', path: '/api/x' });
    expect(logged.error.message).toContain('secret');
  });
});
