import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequestLimiter } from '@/lib/platform/http/rate-limit';
import { ApiError } from '@/lib/platform/http/errors';
import { createRedis } from '@/lib/platform/redis/client';

const live = createRedis({ REDIS_URL: process.env.REDIS_URL });
const down = createRedis({ REDIS_URL: 'redis://127.0.0.1:1' });
afterAll(async () => {
  await Promise.all([live.close(), down.close()]);
});

describe('request rate limits', () => {
  it('refuses the request past the limit with 429 and Retry-After, across limiter instances (one per app instance)', async () => {
    const name = `test-${randomUUID()}`;
    const a = createRequestLimiter(name, 3, 60, 'changes', live.redis);
    const b = createRequestLimiter(name, 3, 60, 'changes', live.redis);
    await a.check('user-1');
    await b.check('user-1');
    await a.check('user-1');
    const refused = await b.check('user-1').then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('rate_limited');
    expect(Number((refused as ApiError).headers?.['retry-after'])).toBeGreaterThan(0);
    await a.check('user-2'); // another key has its own window
  });

  it('keeps limiting in this instance when Redis cannot be reached, rather than lifting the limit or failing', async () => {
    const limiter = createRequestLimiter(`test-${randomUUID()}`, 1, 60, 'changes', down.redis);
    await limiter.check('user-1');
    await expect(limiter.check('user-1')).rejects.toMatchObject({ code: 'rate_limited' });
    await limiter.check('user-2');
  });

  it('counts before the work: 20 parallel takes on a limit of 5 let exactly 5 through, in Redis and in memory', async () => {
    for (const redis of [live.redis, null]) {
      const limiter = createRequestLimiter(`test-${randomUUID()}`, 5, 60, 'attempts', redis);
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => limiter.check('same-key')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    }
  });
});
