import { withHandler } from '@/lib/api/handler';
import { runHealthChecks } from '@/lib/health/checks';

export const GET = withHandler(async () => {
  const report = await runHealthChecks();
  return Response.json(report, {
    status: report.status === 'unhealthy' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
});
