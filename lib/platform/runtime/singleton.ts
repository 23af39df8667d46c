/**
 * One instance per process of something expensive or stateful (a client, a
 * pool, a limiter, a buffer), kept across the dev server's module reloads and
 * shared by the copies of a module that Next bundles into several chunks.
 * The only place the app writes to `globalThis`.
 *
 *   const redis = () => singleton('redis', createRedis);
 *
 * A value that changes over the process's life (a memo, a flag) is kept in a
 * singleton holder object and changed in place:
 *
 *   const state = singleton('jobs', () => ({ started: false }));
 *
 * Plain JavaScript that cannot import this module reads an instance by its key
 * from `globalThis[Symbol.for('callpace.singletons')]` (a Map). One file does:
 * Next's cache handler, lib/platform/cache/next-cache-handler.mjs, which finds
 * the data cache's store under 'cache-store'.
 */
const REGISTRY = Symbol.for('callpace.singletons');
const store = globalThis as unknown as { [REGISTRY]?: Map<string, unknown> };
const instances = (store[REGISTRY] ??= new Map<string, unknown>());

export function singleton<T>(key: string, create: () => T): T {
  if (instances.has(key)) return instances.get(key) as T;
  const value = create();
  instances.set(key, value);
  return value;
}

/** The instance under `key` if one was made, without making it. */
export function existingSingleton<T>(key: string): T | undefined {
  return instances.get(key) as T | undefined;
}

/** Drops the instance under `key` (tests, and a client that must be rebuilt). */
export function forgetSingleton(key: string): void {
  instances.delete(key);
}
