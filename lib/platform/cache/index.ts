/**
 * Cached data functions and their tags. Reads go through `cached`, which
 * stores results in Next's data cache under tags; every write awaits
 * `invalidate` with the tags of what it changed, so the writer's next screen
 * reads fresh data (read-your-writes), on this instance and every other one:
 * the data cache's handler keeps entries and tag versions in Redis
 * (lib/platform/cache/shared-store.ts). Results must be JSON: the cache stores them
 * serialized.
 *
 * Outside a Next request (unit tests, scripts) there is no data cache: reads
 * run uncached and invalidation has nothing to do.
 */
import 'server-only';
import { unstable_cache } from 'next/cache';
import { currentTiming } from '../metrics/context';
import { metrics } from '../metrics/registry';
import { getEnv } from '../env';
import { singleton } from '../runtime/singleton';
import { sharedCacheStore } from './shared-store';
import { countShared } from './stats';

export const cacheTags = {
  /** One lead and its call history. */
  lead: (leadId: string) => `lead:${leadId}`,
  /** One agent's queue (the leads they own). */
  queue: (ownerId: string) => `queue:${ownerId}`,
  /** Lists across owners (managers' views): change with any lead. */
  teamLeads: 'leads:team',
  /** Every lead list, agents' queues included: for bulk changes (imports, reassignment). */
  allLeads: 'leads:all',
  /** The field report's figures (not invalidated per beacon: they expire after a minute). */
  vitals: 'vitals',
  /** Managers' call results: every logged call changes them. */
  callReport: 'calls:report',
  /** Who reports to whom (changed only by the seed and operators, so entries just expire). */
  team: 'team',
  /** The audit trail of bulk changes and imports. */
  audit: 'audit',
  /** One team's calling rules (the manager's id). */
  rules: (managerId: string) => `rules:${managerId}`,
  /** Rules looked up by agent (agent → team → rules): change with any team's rules. */
  agentRules: 'rules:agents',
} as const;

interface CacheCounters {
  hits: number;
  misses: number;
}

const counters = singleton('cache-counters', () => new Map<string, CacheCounters>());

/** Hit and miss counts per cache namespace since the process started. */
export function cacheStats(): Record<string, CacheCounters> {
  return Object.fromEntries(counters);
}

function count(namespace: string): CacheCounters {
  let entry = counters.get(namespace);
  if (!entry) counters.set(namespace, (entry = { hits: 0, misses: 0 }));
  return entry;
}

const outsideNext = (error: unknown) =>
  error instanceof Error && /incrementalCache missing|static generation store missing/.test(error.message);

/**
 * Wrap a data function so that its results are cached per arguments
 * (`namespace` + JSON of the arguments), tagged with `tags(...args)`, and kept
 * at most `revalidate` seconds.
 */
export function cached<Args extends unknown[], Result>(
  namespace: string,
  load: (...args: Args) => Promise<Result>,
  options: { tags: (...args: Args) => string[]; revalidate: number },
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    const counter = count(namespace);
    const note = (result: 'hit' | 'miss', ms: number) => {
      counter[result === 'hit' ? 'hits' : 'misses'] += 1;
      countShared(namespace, result);
      metrics().cacheRequests.inc({ namespace, result });
      const timing = currentTiming();
      if (!timing) return;
      timing.cacheMs += ms;
      if (result === 'hit') timing.cacheHits += 1;
      else timing.cacheMisses += 1;
    };
    if (getEnv().DATA_CACHE === 'off') {
      note('miss', 0);
      return load(...args);
    }
    sharedCacheStore(); // published before Next's cache handler looks for it
    let ran = false;
    let loadMs = 0;
    const run = async () => {
      ran = true;
      const started = performance.now();
      try {
        return await load(...args);
      } finally {
        loadMs = performance.now() - started;
      }
    };
    const started = performance.now();
    try {
      const result = await unstable_cache(run, [namespace, JSON.stringify(args)], {
        tags: options.tags(...args),
        revalidate: options.revalidate,
      })();
      // The cache's own time: reading (and on a miss, writing) the entry, without the load it wrapped.
      note(ran ? 'miss' : 'hit', performance.now() - started - loadMs);
      return result;
    } catch (error) {
      if (!outsideNext(error)) throw error;
      note('miss', 0);
      return load(...args);
    }
  };
}

/**
 * Expire everything cached under `tags` on every instance: once this resolves,
 * the next read of it anywhere goes to the database. (Not Next's revalidateTag:
 * that reaches the handler only after the response has gone out.)
 */
export async function invalidate(...tags: string[]): Promise<void> {
  await sharedCacheStore().revalidateTag(tags);
}
