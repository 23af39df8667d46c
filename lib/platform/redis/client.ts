/**
 * The shared Redis, always through the @upstash/redis API: Upstash over REST
 * when UPSTASH_REDIS_REST_URL/TOKEN are set, a real Redis over TCP when
 * REDIS_URL is, otherwise null and callers use single-instance fallbacks.
 */
import IORedis from 'ioredis';
import { Redis, type Requester } from '@upstash/redis';
import { getEnv, type Env } from '../env';
import { BreakerRequester, REDIS_WAIT_MS } from './breaker';
import { singleton } from '../runtime/singleton';
import { TcpRequester } from './tcp-requester';

export type RedisMode = 'upstash' | 'tcp' | 'none';

export interface RedisHandle {
  mode: RedisMode;
  redis: Redis | null;
  close(): Promise<void>;
}

/** Builds a client from configuration; exported for tests, the app uses getRedis(). */
export function createRedis(env: Pick<Env, 'REDIS_URL' | 'UPSTASH_REDIS_REST_URL' | 'UPSTASH_REDIS_REST_TOKEN'>): RedisHandle {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return {
      mode: 'upstash',
      redis: new Redis(new BreakerRequester(restTransport(env.UPSTASH_REDIS_REST_URL, env.UPSTASH_REDIS_REST_TOKEN))),
      close: async () => {},
    };
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
      redis: new Redis(new BreakerRequester(new TcpRequester(connection))),
      close: async () => {
        connection.disconnect();
      },
    };
  }
  return { mode: 'none', redis: null, close: async () => {} };
}

/**
 * Upstash's own HTTP client (auth, encoding, read-your-writes), with no retries of its own and each request
 * aborted after REDIS_WAIT_MS. The library builds it inside a Redis and keeps it there (`client`); taken out
 * so that the breaker can sit in front of it, as in front of the TCP transport.
 */
function restTransport(url: string, token: string): Requester {
  const rest = new Redis({ url, token, enableTelemetry: false, retry: false, signal: () => AbortSignal.timeout(REDIS_WAIT_MS) });
  const transport = (rest as unknown as { client?: Requester }).client;
  if (typeof transport?.request !== 'function')
    throw new Error('@upstash/redis no longer keeps its HTTP client as `client`: update lib/platform/redis/client.ts');
  return transport;
}

/** The process's Redis (singleton 'redis'), made from the environment on first use. */
export function getRedis(): RedisHandle {
  return singleton('redis', () => createRedis(getEnv()));
}
