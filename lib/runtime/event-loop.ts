/** One process-wide event-loop delay monitor, started on first use. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const globalForLoop = globalThis as unknown as { callpaceLoop?: IntervalHistogram };

function monitor(): IntervalHistogram {
  if (!globalForLoop.callpaceLoop) {
    globalForLoop.callpaceLoop = monitorEventLoopDelay({ resolution: 10 });
    globalForLoop.callpaceLoop.enable();
  }
  return globalForLoop.callpaceLoop;
}

/** Event-loop delay since the monitor started (ms); p99 and max, mean. */
export function eventLoopDelay(): { meanMs: number; p99Ms: number; maxMs: number } {
  const h = monitor();
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.round((ns / 1e6) * 100) / 100 : 0);
  return { meanMs: ms(h.mean), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

export function startEventLoopMonitor(): void {
  monitor();
}
