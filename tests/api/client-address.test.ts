import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, clientAddress, establishClient, parseTrustedProxies } from '@/lib/platform/http/client-address';
import { ownOrigins } from '@/lib/platform/http/origin';

const incoming = (socket: string, headers: Record<string, string>) =>
  ({ socket: { remoteAddress: socket }, headers: { ...headers }, connection: { remoteAddress: socket } }) as unknown as IncomingMessage;

describe('who the client is', () => {
  it.each([
    ['no proxy trusted: a client’s X-Forwarded-For is ignored', undefined, '203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, '203.0.113.9'],
    ['a client cannot send the internal header either', undefined, '203.0.113.9', { [CLIENT_ADDRESS_HEADER]: '1.2.3.4' }, '203.0.113.9'],
    ['a trusted proxy (CIDR) is believed', '10.0.0.0/8', '10.0.0.5', { 'x-forwarded-for': '198.51.100.7' }, '198.51.100.7'],
    [
      '…but only for its own hop: a spoofed left-most entry is not',
      '10.0.0.0/8',
      '10.0.0.5',
      { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' },
      '198.51.100.7',
    ],
    ['an untrusted peer claiming to be a proxy is not', '10.0.0.0/8', '203.0.113.9', { 'x-forwarded-for': '198.51.100.7' }, '203.0.113.9'],
    ['a hop count of 1 believes the nearest proxy', '1', '192.0.2.1', { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' }, '198.51.100.7'],
  ])('%s', (_, trusted, socket, headers, expected) => {
    const request = incoming(socket, headers);
    expect(establishClient(request, parseTrustedProxies(trusted))).toBe(expected);
    expect(request.headers[CLIENT_ADDRESS_HEADER]).toBe(expected);
  });

  it('drops X-Forwarded-Host/-Proto and x-request-id from an untrusted peer, keeps them from a trusted proxy', () => {
    const forwarded = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-request-id': 'abc' };
    const direct = incoming('203.0.113.9', forwarded);
    establishClient(direct, parseTrustedProxies(undefined));
    expect(direct.headers['x-forwarded-host']).toBeUndefined();
    expect(direct.headers['x-request-id']).toBeUndefined();
    const proxied = incoming('127.0.0.1', forwarded);
    establishClient(proxied, parseTrustedProxies('loopback'));
    expect(proxied.headers['x-forwarded-host']).toBe('evil.example');
  });

  it('believes the header only behind the app’s own server (tests run as if behind it)', () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: '198.51.100.7' });
    expect(clientAddress(headers)).toBe('198.51.100.7');
    const saved = process.env.CALLPACE_CLIENT_ADDRESS;
    delete process.env.CALLPACE_CLIENT_ADDRESS;
    try {
      expect(clientAddress(headers)).toBe('unknown');
    } finally {
      process.env.CALLPACE_CLIENT_ADDRESS = saved;
    }
  });

  it('own origins come from the request URL and APP_URL, and the Host as it reached the app', () => {
    const origins = ownOrigins(new Request('http://app.example/api/calls', { method: 'POST', headers: { host: 'app.example' } }));
    expect(origins).toContain('http://app.example');
    expect(origins).not.toContain('https://evil.example');
  });
});
