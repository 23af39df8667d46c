/**
 * The store behind Next's data cache (`unstable_cache`), shared by every
 * instance through Redis: one version counter per tag in the hash
 * `callpace:cache:<database>:tags`, shared by every release on that database,
 * and entries under `callpace:cache:<database>:<release>:<key>`, so a release
 * never reads data shaped by another and a test run never reads another
 * database's data (`<database>` is a hash of its URL).
 *
 * Invalidation bumps the tag's counter. An entry remembers the counters of its
 * tags as they were when its read missed, before the data was loaded, so a
 * write that lands while another request is loading makes that load's entry
 * stale at once: no instance can cache data older than a write it has seen
 * acknowledged, and no clocks are compared.
 *
 * Next loads its cache handler (lib/platform/cache/next-cache-handler.mjs) outside the
 * app bundle, as plain JavaScript that cannot import this module; it finds
 * this store by its singleton key, CACHE_STORE, where `sharedCacheStore()`
 * puts it (lib/platform/runtime/singleton: the one reader of the singletons
 * from outside the app's modules). Without Redis the store keeps entries in
 * process memory with the same rules (one instance).
 */
import { isBreakerOpen } from '../redis/breaker';
import { LRUCache } from 'lru-cache';
import type { Redis } from '@upstash/redis';
import { createHash } from 'node:crypto';
import { getEnv } from '../env';
import { getRedis } from '../redis/client';
import { logger } from '../runtime/logger';
import { releaseId } from '../runtime/release';
import { singleton } from '../runtime/singleton';

/** Entries outlive their revalidate time by this much, so a stale one can be served while it refreshes. */
const GRACE_SECONDS = 300;

type TagVersions = Record<string, number>;

/** What Next hands the handler: the parts of its cache context and values the store uses. */
export interface FetchCacheContext {
  kind?: string;
  tags?: string[];
  softTags?: string[];
  revalidate?: number | false;
}
export interface CacheValue {
  kind: string;
  revalidate?: number | false;
  [key: string]: unknown;
}
export interface StoredEntry {
  lastModified: number;
  value: CacheValue;
  tagVersions: TagVersions;
}

export interface CacheStore {
  readonly shared: boolean;
  get(key: string, ctx: FetchCacheContext): Promise<{ lastModified: number; value: CacheValue } | null>;
  set(key: string, value: CacheValue | null, ctx: FetchCacheContext): Promise<void>;
  /** Makes every entry under `tags` stale on every instance; resolves once Redis has it. */
  revalidateTag(tags: string | string[]): Promise<void>;
}

function tagsOf(ctx: FetchCacheContext): string[] {
  return [...new Set([...(ctx.tags ?? []), ...(ctx.softTags ?? [])])];
}

function current(entry: StoredEntry, versions: TagVersions): boolean {
  return Object.entries(entry.tagVersions).every(([tag, version]) => (versions[tag] ?? 0) === version);
}

function ttlSeconds(value: CacheValue, ctx: FetchCacheContext): number {
  const revalidate = typeof ctx.revalidate === 'number' ? ctx.revalidate : value.revalidate;
  return (typeof revalidate === 'number' && revalidate > 0 ? revalidate : 3600) + GRACE_SECONDS;
}

/** Versions seen by the miss that precedes a set, so the set can record them (first miss wins). */
class PendingVersions {
  private readonly seen = new LRUCache<string, TagVersions>({ max: 10_000, ttl: 60_000 });
  remember(key: string, versions: TagVersions) {
    if (!this.seen.has(key)) this.seen.set(key, versions);
  }
  take(key: string): TagVersions | undefined {
    const versions = this.seen.get(key);
    this.seen.delete(key);
    return versions;
  }
}

export interface StoreScope {
  /** Identifies the database the cached data came from (its URL, or the embedded database's directory). */
  database: string;
  release: string;
}

export class RedisCacheStore implements CacheStore {
  readonly shared = true;
  private readonly pending = new PendingVersions();
  private readonly tagsKey: string;
  private readonly entryPrefix: string;

  constructor(
    private readonly redis: Redis,
    scope: StoreScope,
  ) {
    const database = createHash('sha1').update(scope.database).digest('hex').slice(0, 12);
    this.tagsKey = `callpace:cache:${database}:tags`;
    this.entryPrefix = `callpace:cache:${database}:${scope.release}:`;
  }

  private async versions(tags: string[]): Promise<TagVersions> {
    if (!tags.length) return {};
    const values = (await this.redis.hmget<Record<string, number | null>>(this.tagsKey, ...tags)) ?? {};
    return Object.fromEntries(tags.map((tag) => [tag, Number(values[tag] ?? 0)]));
  }

  async get(key: string, ctx: FetchCacheContext) {
    const tags = tagsOf(ctx);
    try {
      const pipeline = this.redis.pipeline();
      pipeline.get<StoredEntry>(this.entryPrefix + key);
      if (tags.length) pipeline.hmget<Record<string, number | null>>(this.tagsKey, ...tags);
      const [entry, values] = (await pipeline.exec()) as [StoredEntry | null, Record<string, number | null> | null | undefined];
      const versions: TagVersions = Object.fromEntries(tags.map((tag) => [tag, Number(values?.[tag] ?? 0)]));
      if (entry && current(entry, versions)) return { lastModified: entry.lastModified, value: entry.value };
      this.pending.remember(key, versions);
      return null;
    } catch (error) {
      if (!isBreakerOpen(error)) logger.warn('shared cache unreachable: reading from the database', { error: (error as Error).message });
      return null;
    }
  }

  async set(key: string, value: CacheValue | null, ctx: FetchCacheContext) {
    try {
      if (!value) {
        await this.redis.del(this.entryPrefix + key);
        return;
      }
      const tagVersions = this.pending.take(key) ?? (await this.versions(tagsOf(ctx)));
      const entry: StoredEntry = { lastModified: Date.now(), value, tagVersions };
      await this.redis.set(this.entryPrefix + key, entry, { ex: ttlSeconds(value, ctx) });
    } catch (error) {
      if (!isBreakerOpen(error)) logger.warn('shared cache unreachable: result not cached', { error: (error as Error).message });
    }
  }

  async revalidateTag(tags: string | string[]) {
    const list = typeof tags === 'string' ? [tags] : tags;
    if (!list.length) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const tag of list) pipeline.hincrby(this.tagsKey, tag, 1);
      await pipeline.exec();
    } catch (error) {
      // Other instances keep what they cached until it expires (at most its revalidate time).
      logger.error('shared cache invalidation failed', { tags: list, error: (error as Error).message });
    }
  }
}

/** One instance, no Redis: the same rules in process memory. */
export class MemoryCacheStore implements CacheStore {
  readonly shared = false;
  private readonly entries = new LRUCache<string, StoredEntry>({ max: 5_000 });
  private readonly tagVersions = new Map<string, number>();
  private readonly pending = new PendingVersions();

  private versions(tags: string[]): TagVersions {
    return Object.fromEntries(tags.map((tag) => [tag, this.tagVersions.get(tag) ?? 0]));
  }

  async get(key: string, ctx: FetchCacheContext) {
    const versions = this.versions(tagsOf(ctx));
    const entry = this.entries.get(key);
    if (entry && current(entry, versions)) return { lastModified: entry.lastModified, value: entry.value };
    this.pending.remember(key, versions);
    return null;
  }

  async set(key: string, value: CacheValue | null, ctx: FetchCacheContext) {
    if (!value) return void this.entries.delete(key);
    const tagVersions = this.pending.take(key) ?? this.versions(tagsOf(ctx));
    this.entries.set(key, { lastModified: Date.now(), value, tagVersions }, { ttl: ttlSeconds(value, ctx) * 1000 });
  }

  async revalidateTag(tags: string | string[]) {
    for (const tag of typeof tags === 'string' ? [tags] : tags) this.tagVersions.set(tag, (this.tagVersions.get(tag) ?? 0) + 1);
  }
}

/** The store's singleton key: lib/platform/cache/next-cache-handler.mjs reads it under this name. */
export const CACHE_STORE = 'cache-store';

/** The process's store, created on first use, where the cache handler looks for it. */
export function sharedCacheStore(): CacheStore {
  return singleton<CacheStore>(CACHE_STORE, () => {
    const { redis } = getRedis();
    const env = getEnv();
    return redis
      ? new RedisCacheStore(redis, { database: env.DATABASE_URL ?? `pglite:${env.PGLITE_DATA_DIR}`, release: releaseId() })
      : new MemoryCacheStore();
  });
}
