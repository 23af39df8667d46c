/**
 * Redis trouble costs little: a Redis of this test's own (so stopping and pausing it disturbs nobody),
 * paused with SIGSTOP and then killed. The first failing command opens the breaker; every later one fails
 * at once without touching the connection, and the limiter keeps limiting in memory meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import IORedis from 'ioredis';
import { Redis } from '@upstash/redis';
import { CircuitState } from 'cockatiel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestLimiter } from '@/lib/platform/http/rate-limit';
import { BreakerRequester, isBreakerOpen, REDIS_WAIT_MS } from '@/lib/platform/redis/breaker';
import { TcpRequester } from '@/lib/platform/redis/tcp-requester';

let server: ChildProcess;
let port: number;
let connection: IORedis;
let requester: BreakerRequester;
let redis: Redis;
const OPEN_MS = 400;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: found } = probe.address() as { port: number };
      probe.close(() => resolve(found));
    });
  });

beforeAll(async () => {
  port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  connection = new IORedis(`redis://127.0.0.1:${port}`, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_WAIT_MS,
    retryStrategy: () => 100,
  });
  connection.on('error', () => {});
  requester = new BreakerRequester(new TcpRequester(connection, REDIS_WAIT_MS), OPEN_MS);
  redis = new Redis(requester);
  for (let i = 0; i < 50 && connection.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
});
afterAll(() => {
  connection.disconnect();
  server.kill('SIGKILL');
});

/** Counts the commands that really reached ioredis. */
function countSends(): () => number {
  let sent = 0;
  const original = connection.call.bind(connection);
  connection.call = ((...args: Parameters<typeof connection.call>) => {
    sent += 1;
    return original(...args);
  }) as typeof connection.call;
  return () => sent;
}

describe('the Redis circuit breaker', () => {
  it('paused Redis: one command waits out the short timeout, the rest fail at once; the limiter counts in memory', async () => {
    expect(await redis.ping()).toBe('PONG');
    server.kill('SIGSTOP');
    const sent = countSends();
    await expect(redis.get('k')).rejects.toThrow();
    expect(requester.breaker.state).toBe(CircuitState.Open);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => redis.get('k')));
    // Refused by the open breaker, and known as such (callers log the opening once, not each refusal).
    expect(results.every((r) => r.status === 'rejected' && isBreakerOpen(r.reason))).toBe(true);
    expect(sent()).toBe(1); // 21 calls, one of them sent
    const limiter = createRequestLimiter(`breaker-${Date.now()}`, 2, 60, 'attempts', redis);
    await limiter.check('a');
    await limiter.check('a');
    await expect(limiter.check('a')).rejects.toMatchObject({ code: 'rate_limited' });
    server.kill('SIGCONT');
  });

  it('closes again once Redis answers a trial after the open window', async () => {
    await new Promise((r) => setTimeout(r, OPEN_MS + 100));
    for (let i = 0; i < 50 && requester.breaker.state !== CircuitState.Closed; i++) {
      await redis.ping().catch(() => {});
      await new Promise((r) => setTimeout(r, OPEN_MS / 2));
    }
    expect(requester.breaker.state).toBe(CircuitState.Closed);
    expect(await redis.set('k', 'v')).toBe('OK');
  });

  it('stopped Redis: the breaker opens on the first failure and later calls never wait', async () => {
    server.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    await expect(redis.get('k')).rejects.toThrow();
    expect(requester.breaker.state).toBe(CircuitState.Open);
    const sent = countSends();
    await Promise.allSettled(Array.from({ length: 10 }, () => redis.get('k')));
    expect(sent()).toBe(0);
  });
});
