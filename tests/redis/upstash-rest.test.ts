/**
 * Upstash over REST sits behind the same breaker as TCP, with a short timeout and no retries of its own.
 * Upstash is a hosted service that cannot run here, so this test stands up a stand-in of its REST API on
 * loopback (one command per POST, results base64-encoded as the client asks): it answers, then stalls.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestLimiter } from '@/lib/platform/http/rate-limit';
import { isBreakerOpen } from '@/lib/platform/redis/breaker';
import { createRedis, type RedisHandle } from '@/lib/platform/redis/client';

let server: Server;
let handle: RedisHandle;
let stalled = false;
const received: string[][] = [];
const held: IncomingMessage[] = [];
const counters = new Map<string, number>();

const encode = (value: unknown) => (typeof value === 'string' ? Buffer.from(value).toString('base64') : value);

function answer(command: string[]): unknown {
  const [name, key] = [command[0].toLowerCase(), command[1]];
  if (name === 'ping') return 'PONG';
  if (name === 'incr') return counters.set(key, (counters.get(key) ?? 0) + 1).get(key);
  if (name === 'pexpire' || name === 'expire') return 1;
  return null;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const command = JSON.parse(body) as string[] | string[][];
      received.push(Array.isArray(command[0]) ? ['pipeline'] : (command as string[]));
      if (stalled) return void held.push(request); // never answers, like a paused server
      if (request.headers.authorization !== 'Bearer test-token') return void response.writeHead(401).end('{"error":"unauthorized"}');
      const result = Array.isArray(command[0])
        ? (command as string[][]).map((c) => ({ result: encode(answer(c)) }))
        : { result: encode(answer(command as string[])) };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  handle = createRedis({ UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`, UPSTASH_REDIS_REST_TOKEN: 'test-token' });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('Upstash REST behind the breaker', () => {
  it('speaks the REST API when it answers', async () => {
    expect(handle.mode).toBe('upstash');
    expect(await handle.redis!.ping()).toBe('PONG');
    expect(await handle.redis!.incr('n')).toBe(1);
  });

  it('a stalled Upstash: one request waits out the short timeout, the rest fail at once; limits count in memory', async () => {
    stalled = true;
    const before = received.length;
    // The stand-in never answers: this settles only because the client aborts its request (REDIS_WAIT_MS).
    await expect(handle.redis!.get('k')).rejects.toThrow();
    await expect.poll(() => held[0]?.socket.destroyed, { message: 'the client closed its stalled request' }).toBe(true);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => handle.redis!.get('k')));
    expect(results.every((r) => r.status === 'rejected' && isBreakerOpen(r.reason))).toBe(true);
    expect(received.length - before).toBe(1); // 21 calls, one of them sent, and not retried by the client
    const limiter = createRequestLimiter(`rest-${Date.now()}`, 2, 60, 'attempts', handle.redis!);
    await limiter.check('a');
    await limiter.check('a');
    await expect(limiter.check('a')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(received.length - before).toBe(1);
  });
});
