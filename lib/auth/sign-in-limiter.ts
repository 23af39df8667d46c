/**
 * Limits failed sign-ins per address and email: after MAX_FAILURES within
 * the window, further attempts get 429 until the window moves on. Counted in
 * Redis (shared by every instance) with @upstash/ratelimit, or in process
 * memory when no Redis is configured. Pinned to 2.0.8: later versions use Lua
 * script flags (allow-key-locking) that Redis before 7.4 refuses.
 */
import { Ratelimit } from '@upstash/ratelimit';
import { LRUCache } from 'lru-cache';
import { getRedis } from '../redis/client';

export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;

export interface SignInLimiter {
  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(key: string): Promise<number>;
  recordFailure(key: string): Promise<void>;
}

function redisLimiter(limiter: Ratelimit): SignInLimiter {
  return {
    async retryAfter(key) {
      const { remaining, reset } = await limiter.getRemaining(key);
      return remaining > 0 ? 0 : Math.max(1, Math.ceil((reset - Date.now()) / 1000));
    },
    async recordFailure(key) {
      await limiter.limit(key);
    },
  };
}

function memoryLimiter(): SignInLimiter {
  const failures = new LRUCache<string, number[]>({ max: 50_000, ttl: WINDOW_SECONDS * 1000 });
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => t > Date.now() - WINDOW_SECONDS * 1000);
  return {
    async retryAfter(key) {
      const times = recent(key);
      return times.length < MAX_FAILURES ? 0 : Math.max(1, Math.ceil((times[0] + WINDOW_SECONDS * 1000 - Date.now()) / 1000));
    },
    async recordFailure(key) {
      failures.set(key, [...recent(key), Date.now()]);
    },
  };
}

const globalForLimiter = globalThis as unknown as { callpaceSignInLimiter?: SignInLimiter };

export function getSignInLimiter(): SignInLimiter {
  if (!globalForLimiter.callpaceSignInLimiter) {
    const { redis } = getRedis();
    globalForLimiter.callpaceSignInLimiter = redis
      ? redisLimiter(new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(MAX_FAILURES, `${WINDOW_SECONDS} s`), prefix: 'callpace:sign-in', analytics: false, ephemeralCache: false }))
      : memoryLimiter();
  }
  return globalForLimiter.callpaceSignInLimiter;
}

/** The client address as the proxy in front of us reports it. */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0].trim() || headers.get('x-real-ip') || 'unknown';
}
