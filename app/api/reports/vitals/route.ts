import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { getVitalsReport } from '@/lib/vitals/vitals-report';
import { VitalsReportParams } from '@/lib/vitals/vitals-report-schema';

/** Field figures per metric for a range (default the last 28 days), for export and for tests. Managers and admins. */
export const GET = withHandler(async (request) => {
  await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = VitalsReportParams.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { from, to, ...filters } = parsed.data;
  const metrics = await getVitalsReport({ from, to, ...filters });
  return jsonWithETag(request, { from: from.toISOString(), to: to.toISOString(), filters, metrics });
});
