import { withHandler } from '@/lib/api/handler';
import { isOperator } from '@/lib/api/operator';
import { runHealthChecks } from '@/lib/health/checks';

/**
 * Readiness with its details (database, migrations, replica, Redis, runtime) for operators: the
 * metrics token or a manager's session. Anyone else gets the status alone, with the same HTTP status.
 */
export const GET = withHandler(async (request) => {
  const report = await runHealthChecks();
  const body = (await isOperator(request)) ? report : { status: report.status };
  return Response.json(body, { status: report.status === 'unhealthy' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
});
