/**
 * Cache hit and miss counts of every instance, per namespace and UTC hour, in
 * Redis (`callpace:cache:stats:<hour>` hashes, fields `<namespace>:hit` and
 * `<namespace>:miss`). Each instance adds its counts in one pipeline every
 * few seconds (and on shutdown), never per request. Without Redis only this
 * instance's counts exist (lib/cache `cacheStats`).
 */
import { isBreakerOpen } from '../redis/tcp-requester';
import { getRedis } from '../redis/client';
import { logger } from '../runtime/logger';
import { onShutdown } from '../runtime/shutdown';

const PREFIX = 'callpace:cache:stats:';
const FLUSH_MS = 5_000;
const KEEP_SECONDS = 8 * 24 * 3600;

export interface HitCounts {
  hits: number;
  misses: number;
}

const globalForStats = globalThis as unknown as { callpaceCacheStatsPending?: Map<string, number>; callpaceCacheStatsTimer?: NodeJS.Timeout };
const pending = (globalForStats.callpaceCacheStatsPending ??= new Map());

export const hourKey = (at: Date) => PREFIX + at.toISOString().slice(0, 13);

/** Counts one cache read for the shared totals (flushed within FLUSH_MS). */
export function countShared(namespace: string, result: 'hit' | 'miss'): void {
  if (getRedis().mode === 'none') return;
  const field = `${namespace}:${result}`;
  pending.set(field, (pending.get(field) ?? 0) + 1);
  if (!globalForStats.callpaceCacheStatsTimer) {
    onShutdown('cache-stats', flushCacheStats);
    globalForStats.callpaceCacheStatsTimer = setTimeout(() => void flushCacheStats(), FLUSH_MS);
    globalForStats.callpaceCacheStatsTimer.unref();
  }
}

/** Adds the counts waiting in this process to the current hour's totals. */
export async function flushCacheStats(): Promise<void> {
  clearTimeout(globalForStats.callpaceCacheStatsTimer);
  globalForStats.callpaceCacheStatsTimer = undefined;
  const { redis } = getRedis();
  if (!redis || !pending.size) return;
  const counts = [...pending];
  pending.clear();
  const key = hourKey(new Date());
  try {
    const pipeline = redis.pipeline();
    for (const [field, n] of counts) pipeline.hincrby(key, field, n);
    pipeline.expire(key, KEEP_SECONDS);
    await pipeline.exec();
  } catch (error) {
    if (!isBreakerOpen(error)) logger.warn('cache statistics not shared', { error: (error as Error).message });
  }
}

/**
 * Every instance's hits and misses per namespace over the whole UTC hours
 * that overlap [from, to] (an hour is the finest grain kept), or null when
 * no Redis is configured.
 */
export async function sharedCacheStats(from: Date, to: Date): Promise<Record<string, HitCounts> | null> {
  const { redis } = getRedis();
  if (!redis) return null;
  const hours: string[] = [];
  for (let at = Math.floor(from.getTime() / 3_600_000) * 3_600_000; at <= to.getTime() && hours.length < 24 * 8; at += 3_600_000) hours.push(hourKey(new Date(at)));
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
