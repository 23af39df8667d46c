import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { getCallReport } from '@/lib/reports/call-report';
import { reportAgents } from '@/lib/reports/report-scope';
import { db } from '@/lib/platform/db/client';
import { CallReportParams } from '@/lib/reports/call-report-schema';

/**
 * Call results for a range (default the last 30 days) over the manager's team, or one agent of it:
 * `totals`, `byOutcome`, `byHour` and `byDay` (in the manager's time zone), `byAgent` and the
 * weekday × hour `heatmap` in each lead's local time. Managers and admins.
 */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = CallReportParams.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { from, to, agentId } = parsed.data;
  const [agentIds, user] = await Promise.all([reportAgents(viewer, agentId), db.user.findUnique({ where: { id: viewer.id }, select: { timezone: true } })]);
  const timeZone = user?.timezone ?? 'UTC';
  const report = await getCallReport({ from, to, agentIds, timeZone });
  return jsonWithETag(request, { from: from.toISOString(), to: to.toISOString(), timeZone, agentId: agentId ?? null, ...report });
});
