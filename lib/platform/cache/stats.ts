/**
 * Cache hit and miss counts of every instance, per namespace and UTC hour, in
 * Redis (`callpace:cache:stats:<hour>` hashes, fields `<namespace>:hit` and
 * `<namespace>:miss`). Each instance adds its counts in one pipeline every
 * few seconds (and on shutdown), never per request. Without Redis only this
 * instance's counts exist (lib/platform/cache `cacheStats`).
 */
import { getRedis } from '../redis/client';
import { sharedWriter } from '../runtime/buffered-writer';

const PREFIX = 'callpace:cache:stats:';
const FLUSH_MS = 5_000;
const KEEP_SECONDS = 8 * 24 * 3600;

export interface HitCounts {
  hits: number;
  misses: number;
}

interface Count {
  field: string;
  n: number;
}

export const hourKey = (at: Date) => PREFIX + at.toISOString().slice(0, 13);

/** One count per field: a flush adds each field once. */
const sumByField = {
  key: (count: Count) => count.field,
  add: (into: Count, count: Count) => {
    into.n += count.n;
  },
};

/** Adds the counts to the current hour's totals in one pipeline; a Redis failure keeps them for the writer's retry. */
async function addToHour(rows: Count[]): Promise<void> {
  const { redis } = getRedis();
  if (!redis) return;
  const key = hourKey(new Date());
  const pipeline = redis.pipeline();
  for (const { field, n } of rows) pipeline.hincrby(key, field, n);
  pipeline.expire(key, KEEP_SECONDS);
  await pipeline.exec();
}

/** The one buffered writer (lib/platform/runtime/buffered-writer.ts), here writing to Redis rather than the database. */
const statsWriter = () =>
  sharedWriter<Count>('cache-stats-writer', {
    name: 'cache-stats',
    write: addToHour,
    combine: sumByField,
    flushMs: FLUSH_MS,
    maxBatch: 100_000,
    maxPending: 200_000,
  });

/** Counts one cache read for the shared totals (flushed within FLUSH_MS). */
export function countShared(namespace: string, result: 'hit' | 'miss'): void {
  if (getRedis().mode === 'none') return;
  statsWriter().add([{ field: `${namespace}:${result}`, n: 1 }]);
}

/** Adds the counts waiting in this process to the current hour's totals. */
export const flushCacheStats = (): Promise<void> => statsWriter().flush();

/**
 * Every instance's hits and misses per namespace over the whole UTC hours
 * that overlap [from, to] (an hour is the finest grain kept), or null when
 * no Redis is configured.
 */
export async function sharedCacheStats(from: Date, to: Date): Promise<Record<string, HitCounts> | null> {
  const { redis } = getRedis();
  if (!redis) return null;
  const hours: string[] = [];
  for (let at = Math.floor(from.getTime() / 3_600_000) * 3_600_000; at <= to.getTime() && hours.length < 24 * 8; at += 3_600_000)
    hours.push(hourKey(new Date(at)));
  const pipeline = redis.pipeline();
  for (const key of hours) pipeline.hgetall<Record<string, number>>(key);
  const totals: Record<string, HitCounts> = {};
  for (const hash of (await pipeline.exec()) as (Record<string, number> | null)[]) {
    for (const [field, n] of Object.entries(hash ?? {})) {
      const split = field.lastIndexOf(':');
      const namespace = field.slice(0, split);
      const entry = (totals[namespace] ??= { hits: 0, misses: 0 });
      if (field.slice(split + 1) === 'hit') entry.hits += Number(n);
      else entry.misses += Number(n);
    }
  }
  return totals;
}
