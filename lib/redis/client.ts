/**
 * The shared Redis, always through the @upstash/redis API: Upstash over REST
 * when UPSTASH_REDIS_REST_URL/TOKEN are set, a real Redis over TCP when
 * REDIS_URL is, otherwise null and callers use single-instance fallbacks.
 */
import IORedis from 'ioredis';
import { Redis } from '@upstash/redis';
import { getEnv, type Env } from '../env';
import { REDIS_WAIT_MS, TcpRequester } from './tcp-requester';

export type RedisMode = 'upstash' | 'tcp' | 'none';

export interface RedisHandle {
  mode: RedisMode;
  redis: Redis | null;
  close(): Promise<void>;
}

/** Builds a client from configuration; exported for tests, the app uses getRedis(). */
export function createRedis(env: Pick<Env, 'REDIS_URL' | 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'>): RedisHandle {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, enableTelemetry: false });
    return { mode: 'upstash', redis, close: async () => {} };
  }
  if (env.REDIS_URL) {
    const connection = new IORedis(env.REDIS_URL, {
      // Fail fast instead of queueing commands forever while Redis is down:
      // callers degrade to their fallbacks and health reports it.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1_000,
      // A stalled Redis (paused, overloaded) answers nothing: give up on a command quickly; callers fall back.
      commandTimeout: REDIS_WAIT_MS,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    connection.on('error', () => {}); // reported through health checks and failing commands, not as unhandled events
    return {
      mode: 'tcp',
      redis: new Redis(new TcpRequester(connection)),
      close: async () => {
        connection.disconnect();
      },
    };
  }
  return { mode: 'none', redis: null, close: async () => {} };
}

const globalForRedis = globalThis as unknown as { callpaceRedis?: RedisHandle };

export function getRedis(): RedisHandle {
  globalForRedis.callpaceRedis ??= createRedis(getEnv());
  return globalForRedis.callpaceRedis;
}
