/**
 * One measured run of one endpoint: autocannon at a fixed number of
 * connections for a fixed time, with the latency of every response kept
 * (autocannon's own summary has no p95), as one row of the printed table.
 * Each part measures an empty route handler in the same run, and a row's
 * `ratio` is its throughput over that handler's: these machines are too
 * noisy for absolute figures alone.
 */
import autocannon from 'autocannon';
import { percentile } from '../../lib/platform/metrics/percentile';
import { BASE } from './shared';

export interface Row {
  name: string;
  connections: number;
  requests: number;
  /** Responses below 400. */
  ok: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  ratio?: number;
}

/** A request of an endpoint: `next` is asked for each one (path, body, and the cookie if it changes per request). */
export interface Load {
  connections: number;
  duration: number;
  method?: 'GET' | 'POST';
  cookie?: string;
  next: () => { path: string; body?: string; cookie?: string };
}

/** The command line's pace: connections (unless an endpoint names its own) and seconds per measurement. */
export type Pace = Pick<Load, 'connections' | 'duration'>;

/** An endpoint as a part lists it; the part signs in (unless `signedIn` is false) and measures it. */
export interface Endpoint extends Omit<Load, 'connections' | 'duration' | 'cookie'> {
  name: string;
  connections?: number;
  signedIn?: boolean;
  /** Signs in as this user instead of the demo agent. */
  user?: { email: string; password: string };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function measure(name: string, options: Load): Promise<Row> {
  const latencies: number[] = [];
  let errors = 0;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: BASE,
        connections: options.connections,
        duration: options.duration,
        headers: { ...(options.cookie ? { cookie: options.cookie } : {}), origin: BASE, 'content-type': 'application/json' },
        requests: [
          {
            method: options.method ?? 'GET',
            setupRequest: (request) => {
              const next = options.next();
              return {
                ...request,
                path: next.path,
                ...(next.body ? { body: next.body } : {}),
                ...(next.cookie ? { headers: { ...request.headers, cookie: next.cookie } } : {}),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 400) errors += 1;
    latencies.push(responseTime);
  });
  const result = await done;
  return {
    name,
    connections: options.connections,
    requests: latencies.length,
    ok: latencies.length - errors,
    rps: latencies.length / result.duration,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    errors: errors + result.errors + result.timeouts,
  };
}

/** Hands out the items in turn, round and round. */
export function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}
