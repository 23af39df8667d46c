import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverWebhook } from '@/lib/alerts/webhook';
import { checkWebhookUrl, refusedRange } from '@/lib/alerts/webhook-address';

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  servers.push(server);
  return new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.0.1', 'private'],
    ['169.254.169.254', 'the cloud metadata service'],
    ['169.254.1.1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'the cloud metadata service'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('%s is refused (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it.each([
    ['http://10.0.0.5/hook', 'Webhook must go to a public address; 10.0.0.5 is private'],
    ['http://169.254.169.254/latest/meta-data', 'Webhook must go to a public address; 169.254.169.254 is the cloud metadata service'],
    ['http://[::ffff:127.0.0.1]/', 'Webhook must go to a public address; ::ffff:7f00:1 is loopback'],
    ['http://localhost:9/hook', 'Webhook must go to a public address; localhost resolves to'],
    ['ftp://example.com/', 'Webhook must be an http(s) URL'],
    ['https://user:pw@example.com/', 'Webhook URL must not carry a user name or password'],
  ])('on save, %s is refused', async (url, message) => {
    expect(await checkWebhookUrl(url, false)).toContain(message);
  });

  it('on save, a public address passes and ALLOW_PRIVATE lets a private one through', async () => {
    expect(await checkWebhookUrl('https://8.8.8.8/hook', false)).toBeNull();
    expect(await checkWebhookUrl('http://10.0.0.5/hook', true)).toBeNull();
  });
});

describe('webhook delivery', () => {
  it('refuses at send time a host that resolves to loopback, without connecting', async () => {
    let hits = 0;
    const base = await serve((_request, response) => {
      hits++;
      response.end();
    });
    const port = new URL(base).port;
    const byName = await deliverWebhook(`http://localhost:${port}/hook`, {}, { allowPrivate: false, baseDelayMs: 1 });
    expect(byName).toMatchObject({ delivered: false, attempts: 0 });
    expect(byName.refused).toMatch(/not public/);
    const literal = await deliverWebhook(`http://127.0.0.1:${port}/hook`, {}, { allowPrivate: false, baseDelayMs: 1 });
    expect(literal).toMatchObject({ delivered: false, attempts: 0 });
    expect(hits).toBe(0);
  });

  it('does not follow a redirect: a 302 is a failure', async () => {
    let followed = 0;
    const target = await serve((_request, response) => {
      followed++;
      response.end();
    });
    const base = await serve((_request, response) => {
      response.writeHead(302, { location: `${target}/inside` });
      response.end();
    });
    expect(await deliverWebhook(`${base}/hook`, { a: 1 }, { allowPrivate: true, baseDelayMs: 1 })).toEqual({
      delivered: false,
      attempts: 1,
      lastStatus: 302,
    });
    expect(followed).toBe(0);
  });

  it('times out a receiver that never answers', async () => {
    const base = await serve(() => {
      // never answers
    });
    const started = Date.now();
    expect(await deliverWebhook(`${base}/hook`, {}, { allowPrivate: true, attempts: 2, baseDelayMs: 1, timeoutMs: 200 })).toEqual({
      delivered: false,
      attempts: 2,
      lastStatus: null,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses credentials in the URL and other schemes', async () => {
    expect(await deliverWebhook('http://u:p@127.0.0.1/', {}, { allowPrivate: true })).toMatchObject({ delivered: false, attempts: 0 });
    expect(await deliverWebhook('file:///etc/passwd', {}, { allowPrivate: true })).toMatchObject({ delivered: false, attempts: 0 });
  });
});
