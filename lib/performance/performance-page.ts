/**
 * The server-performance report page (/reports/performance): the range from the address, and what the
 * page shows for it — every route's latency from all instances (slowest first), the slow queries, the
 * alert rules, the data cache's counts and this instance's runtime.
 */
import 'server-only';
import { perfBudgets } from '../platform/budgets';
import { cacheStats } from '../platform/cache';
import { sharedCacheStats } from '../platform/cache/stats';
import { eventLoopDelay } from '../platform/runtime/event-loop';
import { getAlerts, getServerPerformance, getSlowQueries, RANGES, type RangeName, type RouteFigures } from './server-performance';

export const RANGE_NAMES = Object.keys(RANGES) as RangeName[];

/** The range asked for, or the last 24 hours. */
export const rangeOf = (asked: string | undefined): RangeName => (RANGE_NAMES.includes(asked as RangeName) ? (asked as RangeName) : '24h');

/** The API budget of a route, from the budget file (its own, else the default). */
export function p95Budget(route: RouteFigures): number {
  const routes = perfBudgets.api.routes as Record<string, { p95?: number }>;
  return routes[`${route.method} ${route.route}`]?.p95 ?? perfBudgets.api.defaults.p95;
}

export async function getPerformancePage(range: RangeName) {
  const [server, alerts] = await Promise.all([getServerPerformance(range), getAlerts()]);
  const slow = await getSlowQueries(server.since);
  // Every instance's counts over the range (whole hours) when Redis holds them; otherwise this instance's since it started.
  const shared = await sharedCacheStats(new Date(server.since), new Date()).catch(() => null);
  return {
    server,
    routes: [...server.routes].sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0)),
    slow,
    alerts,
    firing: alerts.rules.filter((rule) => rule.state === 'WARNING' || rule.state === 'CRITICAL'),
    caches: { shared: shared !== null, counts: Object.entries(shared ?? cacheStats()).sort(([a], [b]) => a.localeCompare(b)) },
  };
}

export type PerformancePage = Awaited<ReturnType<typeof getPerformancePage>>;

/** This instance's event-loop delay, memory, CPU time and uptime (seconds), read now. */
export function getRuntimeStats() {
  return { loop: eventLoopDelay(), memory: process.memoryUsage(), cpu: process.cpuUsage(), uptime: process.uptime() };
}
