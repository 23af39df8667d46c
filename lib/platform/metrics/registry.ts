/**
 * The Prometheus registry (prom-client): Node's runtime gauges (event-loop
 * delay, heap, RSS, CPU, from collectDefaultMetrics) plus Callpace's own
 * request, query and cache metrics, with conventional names, base units
 * (seconds) and labels. One registry per process, across bundles.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { onRowsDropped, waitingIn } from '../runtime/buffered-writer';
import { singleton } from '../runtime/singleton';

/** Seconds; from 5 ms to 10 s, enough resolution around the API budgets (15–50 ms). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'callpace_http_request_duration_seconds',
      help: 'Route handler duration by route pattern, method and status class.',
      labelNames: ['route', 'method', 'status_class'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    dbDuration: new Histogram({
      name: 'callpace_db_query_duration_seconds',
      help: 'Database query duration by model and action.',
      labelNames: ['model', 'action'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    slowQueries: new Counter({
      name: 'callpace_db_slow_queries_total',
      help: 'Queries slower than SLOW_QUERY_MS, by model and action.',
      labelNames: ['model', 'action'] as const,
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: 'callpace_cache_requests_total',
      help: 'Data cache reads by namespace and result (hit or miss).',
      labelNames: ['namespace', 'result'] as const,
      registers: [registry],
    }),
    requestErrors: new Counter({
      name: 'callpace_request_errors_total',
      help: 'Unhandled errors Next reported while rendering pages, running server actions or route handlers, by route and kind.',
      labelNames: ['route', 'kind'] as const,
      registers: [registry],
    }),
    bufferRowsDropped: new Counter({
      name: 'callpace_buffer_rows_dropped_total',
      help: 'Rows a buffered writer dropped: refused by the database (reason: SQLSTATE), buffer full, or the database unavailable after retries.',
      labelNames: ['buffer', 'reason'] as const,
      registers: [registry],
    }),
    vitalsWaiting: new Gauge({
      name: 'callpace_vitals_samples_waiting',
      help: 'Field samples accepted and not yet written to the database.',
      registers: [registry],
      // Read at each scrape from the vitals writer (lib/vitals/writer.ts, shared under this key).
      collect() {
        this.set(waitingIn('vitals-writer'));
      },
    }),
  };
}

export function metrics(): ReturnType<typeof createMetrics> {
  return singleton('metrics', () => {
    const made = createMetrics();
    onRowsDropped((buffer, reason, rows) => made.bufferRowsDropped.inc({ buffer, reason }, rows));
    return made;
  });
}
