/** One process-wide event-loop delay monitor, started on first use. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { singleton } from './singleton';

const RESOLUTION_MS = 10;

function monitor(): IntervalHistogram {
  return singleton('event-loop-monitor', () => {
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    return histogram;
  });
}

/**
 * Event-loop delay since the monitor started, in ms beyond the sampling
 * timer's own interval (the raw histogram includes it).
 */
export function eventLoopDelay(): { meanMs: number; p99Ms: number; maxMs: number } {
  const h = monitor();
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100) : 0);
  return { meanMs: ms(h.mean), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

export function startEventLoopMonitor(): void {
  monitor();
}
