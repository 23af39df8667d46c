import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, fetchJson } from './fetch-json';
import { fieldErrors } from './field-errors';

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: string | null, type = 'application/json') => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } })),
  );
};

const envelope = (error: object) => JSON.stringify({ error });

describe('fetchJson', () => {
  it('answers the body of a 2xx', async () => {
    answer(201, JSON.stringify({ id: 'a1' }));
    await expect(fetchJson('/api/leads', { method: 'POST' })).resolves.toEqual({ id: 'a1' });
  });

  it('passes the request on as given', async () => {
    answer(200, '{}');
    await fetchJson('/api/x', { method: 'PATCH', headers: { accept: 'application/json' } });
    expect(fetch).toHaveBeenCalledWith('/api/x', { method: 'PATCH', headers: { accept: 'application/json' } });
  });

  it.each([
    {
      name: 'a 422 with issues',
      status: 422,
      body: envelope({
        code: 'unprocessable_entity',
        message: 'Invalid body: phone is required',
        issues: [{ path: 'phone', message: 'is required' }],
      }),
      expected: {
        status: 422,
        code: 'unprocessable_entity',
        serverMessage: 'Invalid body: phone is required',
        message: 'Invalid body: phone is required',
      },
      fields: { phone: 'is required' },
    },
    {
      name: 'a conflict that names its field',
      status: 409,
      body: envelope({ code: 'conflict', message: 'That phone number already belongs to another lead.', field: 'phone' }),
      expected: { status: 409, code: 'conflict', serverMessage: 'That phone number already belongs to another lead.' },
      fields: { phone: 'That phone number already belongs to another lead.' },
    },
    {
      name: 'a field named both ways (the issue wins)',
      status: 422,
      body: envelope({
        code: 'unprocessable_entity',
        message: 'That agent is deactivated.',
        field: 'ownerId',
        issues: [{ path: 'ownerId', message: 'is a deactivated agent' }],
      }),
      expected: { status: 422, serverMessage: 'That agent is deactivated.' },
      fields: { ownerId: 'is a deactivated agent' },
    },
    {
      name: 'a 429',
      status: 429,
      body: envelope({ code: 'rate_limited', message: 'Too many changes from this account. Try again in 30 s.', retryAfterSeconds: 30 }),
      expected: { status: 429, code: 'rate_limited', serverMessage: 'Too many changes from this account. Try again in 30 s.' },
      fields: {},
    },
    {
      name: 'a proxy’s HTML error page (no envelope)',
      status: 502,
      body: '<html>Bad gateway</html>',
      expected: { status: 502, code: undefined, serverMessage: undefined, message: 'HTTP 502' },
      fields: {},
    },
    {
      name: 'an empty 500',
      status: 500,
      body: null,
      expected: { status: 500, serverMessage: undefined, message: 'HTTP 500' },
      fields: {},
    },
  ])('throws an ApiRequestError for $name', async ({ status, body, expected, fields }) => {
    answer(status, body);
    const error = await fetchJson('/api/x').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject(expected);
    expect(fieldErrors(error as ApiRequestError)).toEqual(fields);
  });

  it('lets a network failure through as fetch threw it (a TypeError, not an ApiRequestError)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await fetchJson('/api/x').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ApiRequestError);
  });
});
