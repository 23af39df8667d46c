import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '@/lib/platform/redis/client';

// The real local Redis, over TCP through the @upstash/redis API.
const handle = createRedis({ REDIS_URL: process.env.REDIS_URL });
const redis = handle.redis!;
const prefix = `test:${randomUUID()}:`;
const key = (name: string) => prefix + name;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await handle.close();
});

describe('createRedis', () => {
  it('picks TCP for REDIS_URL, REST for Upstash, none otherwise', () => {
    expect(handle.mode).toBe('tcp');
    expect(createRedis({ UPSTASH_REDIS_REST_URL: 'https://example.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }).mode).toBe('upstash');
    const none = createRedis({});
    expect(none.mode).toBe('none');
    expect(none.redis).toBeNull();
  });

  it('answers PING', async () => {
    expect(await redis.ping()).toBe('PONG');
  });

  it('round-trips JSON values the way Upstash does', async () => {
    await redis.set(key('lead'), { id: 'l1', tags: ['a', 'b'], score: 42 });
    expect(await redis.get(key('lead'))).toEqual({ id: 'l1', tags: ['a', 'b'], score: 42 });
    await redis.set(key('plain'), 'héllo ☎ world');
    expect(await redis.get(key('plain'))).toBe('héllo ☎ world');
    expect(await redis.get(key('missing'))).toBeNull();
  });

  it('counts with INCR and expires keys', async () => {
    expect(await redis.incr(key('n'))).toBe(1);
    expect(await redis.incrby(key('n'), 4)).toBe(5);
    await redis.expire(key('n'), 60);
    const ttl = await redis.ttl(key('n'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await redis.set(key('short'), 'x', { px: 50 });
    await new Promise((r) => setTimeout(r, 120));
    expect(await redis.get(key('short'))).toBeNull();
  });

  it('runs pipelines and transactions', async () => {
    const results = await redis.pipeline().set(key('p1'), 1).incr(key('p1')).get(key('p1')).exec();
    expect(results).toEqual(['OK', 2, 2]);
    const tx = await redis.multi().hset(key('h'), { a: 1, b: 'two' }).hgetall(key('h')).exec();
    expect(tx[1]).toEqual({ a: 1, b: 'two' });
  });

  it('evaluates Lua scripts (what rate limiters use)', async () => {
    const result = await redis.eval('return redis.call("INCRBY", KEYS[1], ARGV[1])', [key('lua')], [7]);
    expect(result).toBe(7);
  });

  it('surfaces a Redis error reply as an error', async () => {
    await redis.set(key('str'), 'x');
    await expect(redis.lpush(key('str'), 'y')).rejects.toThrow(/WRONGTYPE/);
  });

  it('fails fast, without hanging, when Redis is unreachable', async () => {
    const down = createRedis({ REDIS_URL: 'redis://127.0.0.1:6399' });
    const started = Date.now();
    await expect(down.redis!.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    await down.close();
  });
});
