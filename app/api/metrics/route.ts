import { timingSafeEqual } from 'node:crypto';
import { withHandler } from '@/lib/api/handler';
import { requireApiViewer } from '@/lib/auth/viewer';
import { getEnv } from '@/lib/env';
import { metrics } from '@/lib/metrics/registry';

function bearerMatches(header: string | null, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Prometheus metrics of this instance: runtime gauges (event-loop delay, heap,
 * RSS, CPU), request and query latency histograms, cache hits and misses per
 * namespace. For scrapers with `Authorization: Bearer $METRICS_TOKEN`, or a
 * signed-in manager; `?format=json` for people.
 */
export const GET = withHandler(async (request) => {
  if (!bearerMatches(request.headers.get('authorization'), getEnv().METRICS_TOKEN)) await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const { registry, vitalsWaiting } = metrics();
  vitalsWaiting.set((globalThis as unknown as { callpaceVitalsWriter?: { waiting: number } }).callpaceVitalsWriter?.waiting ?? 0);
  if (request.nextUrl.searchParams.get('format') === 'json') {
    return Response.json({ metrics: await registry.getMetricsAsJSON() }, { headers: { 'cache-control': 'no-store' } });
  }
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
