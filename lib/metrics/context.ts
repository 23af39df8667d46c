/**
 * Per-request timing: the route handler wrapper opens a context, the Prisma
 * extension and the data cache add to it, and the response reports it as a
 * Server-Timing header (db, cache, total).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestTiming {
  route: string;
  dbMs: number;
  queries: number;
  cacheMs: number;
  cacheHits: number;
  cacheMisses: number;
  /** The viewer's role, when the route looked the viewer up (decides who sees Server-Timing). */
  viewerRole?: string;
}

// On globalThis: each route is bundled with its own copy of this module, but the one Prisma Client (made by
// whichever bundle loaded first) must add its queries to the request that any route's copy opened.
const globalForTiming = globalThis as unknown as { callpaceRequestTiming?: AsyncLocalStorage<RequestTiming> };
const storage = (globalForTiming.callpaceRequestTiming ??= new AsyncLocalStorage<RequestTiming>());

export function withRequestTiming<T>(route: string, run: () => Promise<T>): { timing: RequestTiming; result: Promise<T> } {
  const timing: RequestTiming = { route, dbMs: 0, queries: 0, cacheMs: 0, cacheHits: 0, cacheMisses: 0 };
  return { timing, result: storage.run(timing, run) };
}

export function currentTiming(): RequestTiming | undefined {
  return storage.getStore();
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
