/**
 * The one rate limiter: a sliding window per key, shared by every instance
 * through Redis (@upstash/ratelimit, pinned to 2.0.8: later versions use Lua
 * script flags that Redis before 7.4 refuses), counted in process memory when
 * no Redis is configured — and also while the configured Redis cannot be
 * reached, so an outage weakens a limit to one instance's count instead of
 * lifting it (or failing the request).
 *
 * `take` counts before the caller does the work, so N parallel requests get
 * exactly `max` through: the sign-in limit reserves an attempt before the
 * password is checked, never "check, verify, then record".
 */
import { isBreakerOpen } from '../redis/breaker';
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
  /** Forgets `key`'s window (a sign-in that succeeded clears its failures). */
  reset(key: string): Promise<void>;
}

interface Verdict {
  success: boolean;
  reset: number;
}

function memoryWindow(max: number, windowMs: number) {
  const hits = new LRUCache<string, number[]>({ max: 100_000, ttl: windowMs });
  return {
    take(key: string): Verdict {
      const now = Date.now();
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= max) return { success: false, reset: recent[0] + windowMs };
      hits.set(key, [...recent, now]);
      return { success: true, reset: now + windowMs };
    },
    reset(key: string) {
      hits.delete(key);
    },
  };
}

export function createRequestLimiter(
  name: string,
  max: number,
  windowSeconds: number,
  what: string,
  redis: Redis | null = getRedis().redis,
): RequestLimiter {
  const memory = memoryWindow(max, windowSeconds * 1000);
  const shared = redis
    ? new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(max, `${windowSeconds} s`),
        prefix: `callpace:${name}`,
        analytics: false,
        ephemeralCache: false,
      })
    : null;

  async function take(key: string): Promise<Verdict> {
    if (!shared) return memory.take(key);
    try {
      return await shared.limit(key);
    } catch (error) {
      if (!isBreakerOpen(error))
        logger.warn('rate limit counted in this instance only: Redis unreachable', { limit: name, error: (error as Error).message });
      return memory.take(key);
    }
  }

  return {
    async check(key) {
      const verdict = await take(key);
      if (verdict.success) return;
      const retryAfterSeconds = Math.max(1, Math.ceil((verdict.reset - Date.now()) / 1000));
      throw new ApiError(
        'rate_limited',
        `Too many ${what}. Try again in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
        { 'retry-after': String(retryAfterSeconds) },
      );
    },
    async reset(key) {
      memory.reset(key);
      await shared?.resetUsedTokens(key).catch(() => {});
    },
  };
}
