/** Operators: a scraper with `Authorization: Bearer $METRICS_TOKEN` (compared in constant time), or a signed-in manager or admin. */
import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { requireApiViewer } from '../auth/viewer';
import { getEnv } from '../env';

export function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** For endpoints that answer more to operators; never throws. */
export async function isOperator(request: Request): Promise<boolean> {
  if (bearerMatches(request.headers.get('authorization'), getEnv().METRICS_TOKEN)) return true;
  return requireApiViewer(request, ['MANAGER', 'ADMIN']).then(() => true, () => false);
}

/** For operator-only endpoints: the token, or 401 / 403 as for any API. */
export async function requireOperator(request: Request): Promise<void> {
  if (!bearerMatches(request.headers.get('authorization'), getEnv().METRICS_TOKEN)) await requireApiViewer(request, ['MANAGER', 'ADMIN']);
}
