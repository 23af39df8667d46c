import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { getVitalsReport } from '@/lib/vitals/vitals-report';
import { VitalsReportParams } from '@/lib/vitals/vitals-report-schema';

/** Field figures per metric for a range (default the last 28 days), for export and for tests. Managers and admins. */
export const GET = withHandler(
  async ({ request, query: { from, to, ...filters } }) => {
    const metrics = await getVitalsReport({ from, to, ...filters });
    return jsonWithETag(request, { from: from.toISOString(), to: to.toISOString(), filters, metrics });
  },
  { roles: ['MANAGER', 'ADMIN'], query: VitalsReportParams },
);
