import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { jsonWithETag } from '@/lib/api/http-cache';
import { requireApiViewer } from '@/lib/auth/viewer';
import { getVitalsReport } from '@/lib/data/vitals-report';
import { VitalsReportParams } from '@/lib/validations/vitals-report';

/** Field figures per metric for a range (default the last 28 days), for export and for tests. Managers and admins. */
export const GET = withHandler(async (request) => {
  await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = VitalsReportParams.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { from, to, ...filters } = parsed.data;
  const metrics = await getVitalsReport({ from, to, ...filters });
  return jsonWithETag(request, { from: from.toISOString(), to: to.toISOString(), filters, metrics });
});
