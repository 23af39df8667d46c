import { hasMetricsToken } from '@/lib/platform/http/bearer';
import { withHandler } from '@/lib/platform/http/handler';
import { isManager, requireApiViewer } from '@/lib/platform/auth/viewer';
import { runHealthChecks } from '@/lib/platform/runtime/health';

/**
 * Every check with its timing and error, for operators (the metrics token) and
 * managers; anyone else gets the status alone, with the same HTTP status.
 */
export const GET = withHandler(async ({ request }) => {
  const report = await runHealthChecks();
  // Public, with details for the metrics token or a manager: a missing session is not a 401 here, so no `roles`.
  const details = hasMetricsToken(request) || (await requireApiViewer(request).then(isManager, () => false));
  return Response.json(details ? report : { status: report.status }, {
    status: report.status === 'unhealthy' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
});
