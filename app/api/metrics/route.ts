import { hasMetricsToken } from '@/lib/platform/http/bearer';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { metrics } from '@/lib/platform/metrics/registry';
import { waitingIn } from '@/lib/platform/runtime/buffered-writer';

/**
 * Prometheus metrics of this instance: runtime gauges (event-loop delay, heap,
 * RSS, CPU), request and query latency histograms, cache hits and misses per
 * namespace. For scrapers with `Authorization: Bearer $METRICS_TOKEN`, or a
 * signed-in manager; `?format=json` for people.
 */
export const GET = withHandler(async ({ request }) => {
  // The bearer token or a manager's session: the wrapper's `roles` cannot say "or", so the session is checked here.
  if (!hasMetricsToken(request)) await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const { registry, vitalsWaiting } = metrics();
  vitalsWaiting.set(waitingIn('vitals-writer'));
  if (request.nextUrl.searchParams.get('format') === 'json') {
    return Response.json({ metrics: await registry.getMetricsAsJSON() }, { headers: { 'cache-control': 'no-store' } });
  }
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
