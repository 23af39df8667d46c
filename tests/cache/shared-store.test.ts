import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCacheStore, RedisCacheStore, type CacheStore, type CacheValue } from '@/lib/platform/cache/shared-store';
import { createRedis } from '@/lib/platform/redis/client';

// Two stores on one Redis stand in for two instances of the app; each test uses its own database scope.
const handle = createRedis({ REDIS_URL: process.env.REDIS_URL });
afterAll(() => handle.close());

const value = (body: string): CacheValue => ({ kind: 'FETCH', data: { headers: {}, body, status: 200, url: '' }, revalidate: 60 });
const ctx = (...tags: string[]) => ({ kind: 'FETCH', tags, softTags: ['_N_T_/api/leads'], revalidate: 60 });
const bodyOf = (entry: Awaited<ReturnType<CacheStore['get']>>) => (entry?.value.data as { body: string } | undefined)?.body;

function instances(release = 'r1', otherRelease = release) {
  const database = `postgres://test/${randomUUID()}`;
  return [
    new RedisCacheStore(handle.redis!, { database, release }),
    new RedisCacheStore(handle.redis!, { database, release: otherRelease }),
  ];
}

describe('the shared data cache', () => {
  it('serves what one instance cached to the other', async () => {
    const [a, b] = instances();
    expect(await a.get('k', ctx('queue:1'))).toBeNull();
    await a.set('k', value('[1,2]'), ctx('queue:1'));
    expect(bodyOf(await b.get('k', ctx('queue:1')))).toBe('[1,2]');
  });

  it('drops an entry on every instance when one of them invalidates its tag', async () => {
    const [a, b] = instances();
    await a.get('k', ctx('queue:1', 'leads:all'));
    await a.set('k', value('old'), ctx('queue:1', 'leads:all'));
    await b.get('other', ctx('queue:2'));
    await b.set('other', value('untouched'), ctx('queue:2'));
    await b.revalidateTag(['leads:all']);
    expect(await a.get('k', ctx('queue:1', 'leads:all'))).toBeNull();
    expect(await b.get('k', ctx('queue:1', 'leads:all'))).toBeNull();
    expect(bodyOf(await a.get('other', ctx('queue:2')))).toBe('untouched');
  });

  it('does not keep a load that raced a write: the entry is stale from the start', async () => {
    const [a, b] = instances();
    expect(await a.get('k', ctx('lead:7'))).toBeNull(); // A misses and starts loading
    await b.revalidateTag('lead:7'); // a call is logged on B meanwhile
    await a.set('k', value('loaded before the write'), ctx('lead:7')); // A stores what it read before the write
    expect(await b.get('k', ctx('lead:7'))).toBeNull();
    expect(await a.get('k', ctx('lead:7'))).toBeNull();
    await a.set('k', value('fresh'), ctx('lead:7'));
    expect(bodyOf(await b.get('k', ctx('lead:7')))).toBe('fresh');
  });

  it('keeps releases apart but shares their invalidations', async () => {
    const [oldRelease, newRelease] = instances('r1', 'r2');
    await oldRelease.get('k', ctx('queue:1'));
    await oldRelease.set('k', value('old shape'), ctx('queue:1'));
    expect(await newRelease.get('k', ctx('queue:1'))).toBeNull();
    await newRelease.revalidateTag('queue:1');
    expect(await oldRelease.get('k', ctx('queue:1'))).toBeNull();
  });

  it('gives every database its own entries', async () => {
    const [a] = instances();
    const [other] = instances();
    await a.get('k', ctx());
    await a.set('k', value('mine'), ctx());
    expect(await other.get('k', ctx())).toBeNull();
  });

  it('expires entries with their revalidate time plus a grace period', async () => {
    const [a] = instances();
    await a.get('k', ctx());
    await a.set('k', value('x'), ctx());
    const keys = await handle.redis!.keys('callpace:cache:*:r1:k');
    const ttls = await Promise.all(keys.map((key) => handle.redis!.ttl(key)));
    expect(Math.max(...ttls)).toBeGreaterThan(300);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(360);
  });

  it('follows the same rules in memory when no Redis is configured', async () => {
    const store = new MemoryCacheStore();
    expect(await store.get('k', ctx('queue:1'))).toBeNull();
    await store.revalidateTag('queue:1');
    await store.set('k', value('raced'), ctx('queue:1'));
    expect(await store.get('k', ctx('queue:1'))).toBeNull();
    await store.set('k', value('fresh'), ctx('queue:1'));
    expect(bodyOf(await store.get('k', ctx('queue:1')))).toBe('fresh');
    await store.revalidateTag(['queue:1']);
    expect(await store.get('k', ctx('queue:1'))).toBeNull();
  });
});

describe('cache hit rates across instances', () => {
  it('adds every instance’s hits and misses per namespace and hour in Redis', async () => {
    const { countShared, flushCacheStats, sharedCacheStats } = await import('@/lib/platform/cache/stats');
    const namespace = `test.${randomUUID()}`;
    for (let i = 0; i < 3; i += 1) countShared(namespace, 'hit');
    countShared(namespace, 'miss');
    await flushCacheStats();
    // Another instance's flush adds to the same hour.
    countShared(namespace, 'hit');
    await flushCacheStats();
    const totals = await sharedCacheStats(new Date(Date.now() - 3_600_000), new Date());
    expect(totals?.[namespace]).toEqual({ hits: 4, misses: 1 });
  });
});
