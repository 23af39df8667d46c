import { hasMetricsToken } from '@/lib/platform/http/bearer';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { metrics } from '@/lib/platform/metrics/registry';

/**
 * Prometheus metrics of this instance: runtime gauges (event-loop delay, heap,
 * RSS, CPU), request and query latency histograms, cache hits and misses per
 * namespace. For scrapers with `Authorization: Bearer $METRICS_TOKEN`, or a
 * signed-in manager; `?format=json` for people.
 */
export const GET = withHandler(async (request) => {
  if (!hasMetricsToken(request)) await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const { registry, vitalsWaiting } = metrics();
  vitalsWaiting.set((globalThis as unknown as { callpaceVitalsWriter?: { waiting: number } }).callpaceVitalsWriter?.waiting ?? 0);
  if (request.nextUrl.searchParams.get('format') === 'json') {
    return Response.json({ metrics: await registry.getMetricsAsJSON() }, { headers: { 'cache-control': 'no-store' } });
  }
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
