/** Operator access: `Authorization: Bearer $METRICS_TOKEN`, compared in constant time. */
import { timingSafeEqual } from 'node:crypto';
import { getEnv } from '../env';

export function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether the request carries the metrics token (Prometheus scrapers, operators). */
export const hasMetricsToken = (request: Request) => bearerMatches(request.headers.get('authorization'), getEnv().METRICS_TOKEN);
