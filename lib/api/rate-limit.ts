/**
 * Request rate limits shared by every instance: a sliding window per key in
 * Redis (@upstash/ratelimit, pinned to 2.0.8 for Redis 7.0), or in process
 * memory when no Redis is configured. When the configured Redis cannot be
 * reached the request goes through (logged): a limit exists to hold back a
 * runaway client, and an outage of the limiter must not stop agents logging
 * calls.
 */
import 'server-only';
import { Ratelimit } from '@upstash/ratelimit';
import { LRUCache } from 'lru-cache';
import type { Redis } from '@upstash/redis';
import { getRedis } from '../redis/client';
import { logger } from '../runtime/logger';
import { ApiError } from './errors';

export interface RequestLimiter {
  /** Counts one request for `key`; throws 429 with Retry-After when the window is full. */
  check(key: string): Promise<void>;
}

function refuse(retryAfterSeconds: number, what: string): never {
  throw new ApiError('rate_limited', `Too many ${what}. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}

export function createRequestLimiter(name: string, max: number, windowSeconds: number, what: string, redis: Redis | null = getRedis().redis): RequestLimiter {
  if (redis) {
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(max, `${windowSeconds} s`), prefix: `callpace:${name}`, analytics: false, ephemeralCache: new Map() });
    return {
      async check(key) {
        let verdict: { success: boolean; reset: number };
        try {
          verdict = await limiter.limit(key);
        } catch (error) {
          logger.warn('rate limit not checked: Redis unreachable', { limit: name, error: (error as Error).message });
          return;
        }
        if (!verdict.success) refuse(Math.max(1, Math.ceil((verdict.reset - Date.now()) / 1000)), what);
      },
    };
  }
  const hits = new LRUCache<string, number[]>({ max: 100_000, ttl: windowSeconds * 1000 });
  return {
    async check(key) {
      const now = Date.now();
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowSeconds * 1000);
      if (recent.length >= max) refuse(Math.max(1, Math.ceil((recent[0] + windowSeconds * 1000 - now) / 1000)), what);
      hits.set(key, [...recent, now]);
    },
  };
}
