/**
 * Per-request timing: the route handler wrapper opens a context, the Prisma
 * extension and the data cache add to it, and the response reports it as a
 * Server-Timing header (db, cache, total).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { singleton } from '../runtime/singleton';

export interface RequestTiming {
  route: string;
  /** Time with at least one query in flight (queries run side by side count once: it never exceeds the total). */
  dbMs: number;
  /** Where the in-flight time ends so far (performance.now()); queries are added as they finish. */
  dbBusyUntil: number;
  queries: number;
  cacheMs: number;
  cacheHits: number;
  cacheMisses: number;
  /** The viewer's role, when the route looked the viewer up (decides who sees Server-Timing). */
  viewerRole?: string;
}

// One per process: each route is bundled with its own copy of this module, but the one Prisma Client (made by
// whichever bundle loaded first) must add its queries to the request that any route's copy opened.
const storage = singleton('request-timing', () => new AsyncLocalStorage<RequestTiming>());

export function withRequestTiming<T>(route: string, run: () => Promise<T>): { timing: RequestTiming; result: Promise<T> } {
  const timing: RequestTiming = { route, dbMs: 0, dbBusyUntil: 0, queries: 0, cacheMs: 0, cacheHits: 0, cacheMisses: 0 };
  return { timing, result: storage.run(timing, run) };
}

export function currentTiming(): RequestTiming | undefined {
  return storage.getStore();
}

/**
 * Adds a query that just finished after `ms` to the request's database time, counting only what no
 * earlier-finished query already covered (queries finish in order of their end, so this is their union
 * except for a gap between two earlier queries that a longer one spans: never more than the wall time).
 */
export function addQueryTime(timing: RequestTiming, ms: number, end = performance.now()): void {
  const start = end - ms;
  timing.dbMs += Math.max(0, end - Math.max(start, timing.dbBusyUntil));
  timing.dbBusyUntil = Math.max(timing.dbBusyUntil, end);
  timing.queries += 1;
}

/** The Server-Timing header value (durations in ms, one decimal). */
export function serverTimingHeader(timing: RequestTiming, totalMs: number): string {
  const ms = (value: number) => value.toFixed(1);
  return [
    `db;dur=${ms(timing.dbMs)};desc="${timing.queries} ${timing.queries === 1 ? 'query' : 'queries'}"`,
    `cache;dur=${ms(timing.cacheMs)};desc="${timing.cacheHits} hit, ${timing.cacheMisses} miss"`,
    `total;dur=${ms(totalMs)}`,
  ].join(', ');
}
