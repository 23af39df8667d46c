import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequestLimiter } from '@/lib/api/rate-limit';
import { ApiError } from '@/lib/api/errors';
import { createRedis } from '@/lib/redis/client';

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
    const refused = await b.check('user-1').then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('rate_limited');
    expect(Number((refused as ApiError).headers?.['retry-after'])).toBeGreaterThan(0);
    await a.check('user-2'); // another key has its own window
  });

  it('lets requests through when Redis cannot be reached, rather than stopping every write', async () => {
    const limiter = createRequestLimiter(`test-${randomUUID()}`, 1, 60, 'changes', down.redis);
    await limiter.check('user-1');
    await limiter.check('user-1');
  });
});
