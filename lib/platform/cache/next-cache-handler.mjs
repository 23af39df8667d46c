// Next's cache handler (next.config.ts `cacheHandler`). Next imports this file by path at run time,
// outside the app bundle, so it is plain JavaScript and holds no logic of its own:
// - the data cache (`unstable_cache`, kind FETCH) goes to the store in lib/platform/cache/shared-store.ts
//   (Redis-backed, shared by every instance). This file cannot import the app's TypeScript, so it reads
//   the store from the app's process singletons (lib/platform/runtime/singleton.ts) by its key,
//   CACHE_STORE in shared-store.ts: the one place outside singleton.ts that looks at globalThis;
// - pages and route responses prerendered at build time stay with Next's own file-system cache:
//   every instance has the same build on disk.
// Before the app has published its store (during `next build`) the data cache is simply not used.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FileSystemCache = require('next/dist/server/lib/incremental-cache/file-system-cache.js').default;
const SINGLETONS = Symbol.for('callpace.singletons');
const CACHE_STORE = 'cache-store';

const store = () => globalThis[SINGLETONS]?.get(CACHE_STORE);
const isData = (kind) => kind === 'FETCH';

export default class CallpaceCacheHandler extends FileSystemCache {
  async get(key, ctx) {
    if (!isData(ctx?.kind)) return super.get(key, ctx);
    return (await store()?.get(key, ctx)) ?? null;
  }

  async set(key, data, ctx) {
    if (!isData(data?.kind)) return super.set(key, data, ctx);
    await store()?.set(key, data, ctx);
  }

  async revalidateTag(tags, durations) {
    await Promise.all([super.revalidateTag(tags, durations), store()?.revalidateTag(tags)]);
  }
}
